package io.sparkhpo.executors.train.dl4j;

import io.sparkhpo.executors.data.Batches;
import io.sparkhpo.executors.data.Dataset;
import io.sparkhpo.executors.data.Normalization;
import io.sparkhpo.executors.data.TestData;
import io.sparkhpo.executors.data.Cifar10;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.model.ModelSpec;
import io.sparkhpo.executors.optim.AdamSpec;
import io.sparkhpo.executors.optim.WeightDecayMode;
import io.sparkhpo.executors.train.TrialSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class Dl4jSessionTest {

    @TempDir
    Path dir;

    /**
     * A checkpoint holds weights, BatchNorm statistics and Adam's moments and step count: training epoch 1
     * after a restore gives exactly what an uninterrupted session gives.
     */
    @Test
    void checkpointRestoresTrainingExactly() throws Exception {
        Dataset data = Cifar10.load(TestData.writeCifar10(dir, 12, 4, 2)).train();
        Batches batches = Batches.training(data, 16, Normalization.of(data), true, 4, 5);
        TrialSpec spec = new TrialSpec("t", 0, Dl4jEngine.NAME,
                new DataSpec(Cifar10.NAME, dir.toString(), 60, 4, 1, true, true), new ModelSpec("resnet18", 2),
                new AdamSpec(0.01, 0.9, 0.999, 1e-8, 0.05, WeightDecayMode.DECOUPLED_LR), 2, 16, 3);
        Dl4jEngine engine = new Dl4jEngine();
        try (Dl4jSession straight = (Dl4jSession) engine.open(spec, data);
             Dl4jSession resumed = (Dl4jSession) engine.open(spec, data)) {
            straight.trainEpoch(0, batches);
            ByteArrayOutputStream ckpt = new ByteArrayOutputStream();
            straight.checkpoint(ckpt);
            assertNotEquals(straight.graph().params(), resumed.graph().params());
            resumed.restore(new ByteArrayInputStream(ckpt.toByteArray()));
            assertEquals(straight.graph().params(), resumed.graph().params());
            straight.trainEpoch(1, batches);
            resumed.trainEpoch(1, batches);
            assertEquals(straight.graph().params(), resumed.graph().params());
            assertEquals(straight.graph().getUpdater().getStateViewArray(), resumed.graph().getUpdater().getStateViewArray());
        }
    }
}
