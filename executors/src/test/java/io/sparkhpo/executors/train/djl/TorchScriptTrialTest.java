package io.sparkhpo.executors.train.djl;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkhpo.executors.Golden;
import io.sparkhpo.executors.data.DataException;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.data.ImageFolder;
import io.sparkhpo.executors.data.TestData;
import io.sparkhpo.executors.model.ModelSpec;
import io.sparkhpo.executors.optim.OptimizerSpecs;
import io.sparkhpo.executors.optim.WeightDecay;
import io.sparkhpo.executors.optim.WeightDecayMode;
import io.sparkhpo.executors.train.CheckpointStore;
import io.sparkhpo.executors.train.EpochMetrics;
import io.sparkhpo.executors.train.RunState;
import io.sparkhpo.executors.train.TrialResult;
import io.sparkhpo.executors.train.TrialRunner;
import io.sparkhpo.executors.train.TrialSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's TorchScript network trained by the libtorch engine on an image folder equals PyTorch's own training of it:
 * tools/golden/torchscript.py scripted a small CNN with PyTorch 1.13, wrote the image folder (PNG, 3 classes, mixed
 * sizes) and trained it with the same preprocessing, batch order and optimizer; each epoch's training and test loss
 * agree within 1e-4 (relative). Its checkpoints hold the whole module, so segments equal one run; bad files are errors.
 */
class TorchScriptTrialTest {

    @TempDir
    Path dir;

    @Test
    void aTorchScriptTrialEqualsPyTorchsOwnTraining() throws URISyntaxException {
        JsonNode golden = Golden.load("torchscript.json");
        TrialResult r = TrialRunner.run(spec(golden, fixture().resolve("net.pt").toString(), 2), 1);
        assertEquals(RunState.COMPLETE, r.state(), r.message());
        assertEquals(golden.get("parameters").asLong(), r.parameters());
        for (int e = 0; e < 2; e++) {
            JsonNode g = golden.get("epochs").get(e);
            EpochMetrics m = r.epochs().get(e);
            assertEquals(g.get("train_loss").asDouble(), m.trainLoss(), 1e-4 * g.get("train_loss").asDouble(),
                    "epoch " + (e + 1) + " training loss");
            assertEquals(g.get("test_loss").asDouble(), m.testLoss(), 1e-4 * g.get("test_loss").asDouble(),
                    "epoch " + (e + 1) + " test loss (the module's own BatchNorm statistics)");
            assertEquals(g.get("test_error").asDouble(), m.testError(), 1e-12);
        }
    }

    /** Epoch 1, a checkpoint (the whole module and the optimizer), then epoch 2 in a fresh session: one run's numbers. */
    @Test
    void segmentsThroughCheckpointsEqualOneRun() throws URISyntaxException {
        JsonNode golden = Golden.load("torchscript.json");
        TrialSpec spec = spec(golden, fixture().resolve("net.pt").toString(), 2);
        TrialResult whole = TrialRunner.run(spec, 1);
        Memory store = new Memory();
        TrialResult first = TrialRunner.runSegment(spec, 1, 0, 1, store);
        TrialResult second = TrialRunner.runSegment(spec, 1, 1, 2, store);
        assertEquals(RunState.COMPLETE, second.state(), second.message());
        List<EpochMetrics> all = second.epochs();
        assertEquals(2, all.size(), "the second segment reports both epochs");
        for (int e = 0; e < 2; e++) {
            assertEquals(whole.epochs().get(e).trainLoss(), all.get(e).trainLoss(), 0, "epoch " + (e + 1));
            assertEquals(whole.epochs().get(e).testLoss(), all.get(e).testLoss(), 0, "epoch " + (e + 1));
        }
        assertEquals(whole.epochs().get(0).trainLoss(), first.epochs().get(0).trainLoss(), 0);
    }

    @Test
    void filesThatAreNotModulesOrDoNotFitAreErrorsNamingTheFile() throws Exception {
        JsonNode golden = Golden.load("torchscript.json");
        TrialResult missing = TrialRunner.run(spec(golden, dir.resolve("none.pt").toString(), 1), 1);
        assertEquals(RunState.FAILED, missing.state());
        assertTrue(missing.message().contains("none.pt") && missing.message().contains("does not exist"), missing.message());

        Path corrupt = Files.write(dir.resolve("corrupt.pt"), new byte[]{1, 2, 3});
        DataException c = assertThrows(DataException.class, () -> open(golden, corrupt));
        assertTrue(c.getMessage().contains("corrupt.pt") && c.getMessage().contains("not a TorchScript module"), c.getMessage());

        DataSpec grey = new DataSpec(ImageFolder.NAME, fixture().resolve("shapes").toString(), 24, 9, 0, false, true,
                Map.of("image_size", 16L, "channels", "grey"));
        TrialSpec greySpec = TrialSpec.basic("t", 0, "djl", grey, new ModelSpec("torchscript",
                Map.of("file", fixture().resolve("net.pt").toString())), sgd(golden), 1, 8, 7);
        DataException shape = assertThrows(DataException.class, () -> new DjlEngine().open(greySpec,
                io.sparkhpo.executors.data.DataSets.random(ImageFolder.NAME, Map.of("image_size", 16L, "channels", "grey"), 4, 1)));
        assertTrue(shape.getMessage().contains("net.pt") && shape.getMessage().contains("1x16x16"), shape.getMessage());

        DataException classes = assertThrows(DataException.class, () -> new DjlEngine().open(spec(golden,
                fixture().resolve("net.pt").toString(), 1), TestData.randomImages(4, 16, 1)));
        assertTrue(classes.getMessage().contains("10 classes"), classes.getMessage());
    }

    private void open(JsonNode golden, Path file) {
        new DjlEngine().open(spec(golden, file.toString(), 1), io.sparkhpo.executors.data.DataSets.random(ImageFolder.NAME,
                Map.of("image_size", 16L), 4, 1)).close();
    }

    private static TrialSpec spec(JsonNode golden, String file, int epochs) {
        DataSpec data;
        try {
            data = new DataSpec(ImageFolder.NAME, fixture().resolve("shapes").toString(), 24, 9, 0, false, true,
                    Map.of("image_size", (long) golden.get("image_size").asInt()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return TrialSpec.basic("t", 0, "djl", data, new ModelSpec("torchscript", Map.of("file", file)), sgd(golden),
                epochs, golden.get("batch_size").asInt(), golden.get("seed").asLong());
    }

    private static io.sparkhpo.executors.optim.OptimizerSpec sgd(JsonNode golden) {
        return OptimizerSpecs.create("sgd", golden.get("lr").asDouble(), Map.of("momentum", golden.get("momentum").asDouble()),
                WeightDecay.none(WeightDecayMode.L2));
    }

    private static Path fixture() throws URISyntaxException {
        return Path.of(TorchScriptTrialTest.class.getResource("/golden/torchscript").toURI());
    }

    private static final class Memory implements CheckpointStore {
        private byte[] bytes;

        @Override
        public Optional<InputStream> read() {
            return Optional.ofNullable(bytes).map(ByteArrayInputStream::new);
        }

        @Override
        public void write(Body body) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            body.writeTo(out);
            bytes = out.toByteArray();
        }
    }
}
