package io.sparkhpo.executors.train.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import io.sparkhpo.executors.data.DataException;
import io.sparkhpo.executors.data.Dataset;
import io.sparkhpo.executors.data.RemoteData;
import io.sparkhpo.executors.model.Models;
import io.sparkhpo.executors.train.TrialSpec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A user's TorchScript network ({@code model { name = torchscript, file = ... }}): a traced or scripted
 * {@code nn.Module} saved with {@code torch.jit.save}, loaded by libtorch with its parameters trainable. Its weights
 * start every trial; the trial's optimizer updates its parameters as a built-in network's. Its BatchNorm running
 * statistics are updated by its own forward pass in training mode with PyTorch's rules, and are reachable from Java
 * ({@link TorchScriptArchive}), so SAM keeps them across its second pass and SWA recomputes them as for a built-in
 * network. A checkpoint holds the whole module ({@code torch.jit.save}'s bytes: parameters and buffers), and a
 * restore loads it.
 */
final class TorchScriptModel {

    private TorchScriptModel() {
    }

    /** The trial's module on {@code manager}'s device, checked against the data set's shape. */
    static PtSymbolBlock open(TrialSpec spec, NDManager manager, Dataset shapeOf) {
        String name = (String) spec.model().settings().get(Models.FILE.key());
        Path file = RemoteData.isRemote(name) ? RemoteData.localFile(name) : Path.of(name);
        if (!Files.isRegularFile(file)) {
            throw new DataException(file, "model.file does not exist (a TorchScript module saved with torch.jit.save)");
        }
        PtSymbolBlock block;
        try {
            byte[] archive = TorchScriptArchive.withStatisticsAsParameters(file);
            block = JniUtils.loadModule((PtNDManager) manager, new ByteArrayInputStream(archive), true, false);
        } catch (IOException | RuntimeException e) {
            throw new DataException(file, "not a TorchScript module (torch.jit.save of a traced or scripted nn.Module): "
                    + e.getMessage(), e);
        }
        check(file, block, manager, shapeOf);
        return block;
    }

    /** A forward pass of one of the data set's images gives one score per class, else an error naming both shapes. */
    private static void check(Path file, PtSymbolBlock block, NDManager manager, Dataset shapeOf) {
        String data = shapeOf.channels() + "x" + shapeOf.height() + "x" + shapeOf.width();
        Shape out;
        try (NDManager probe = manager.newSubManager()) {
            NDArray x = probe.zeros(new Shape(1, shapeOf.channels(), shapeOf.height(), shapeOf.width()));
            mode(block, false);
            out = block.forward(new ParameterStore(probe, false), new NDList(x), false).singletonOrThrow().getShape();
        } catch (RuntimeException e) {
            throw new DataException(file, "the module cannot take the data set's " + data + " images (as a 1x" + data
                    + " batch): " + e.getMessage(), e);
        }
        if (out.dimension() != 2 || out.get(1) != shapeOf.classes()) {
            throw new DataException(file, "the module gives " + out + " for a 1x" + data + " batch; the data set has "
                    + shapeOf.classes() + " classes, so it must give (1, " + shapeOf.classes() + ") class scores (logits)");
        }
    }

    /**
     * Puts the module in training or inference mode before a forward pass. DJL switches the mode only when the pass's
     * differs from the one it last set, and a module read from a file keeps the mode it was saved in (inference, if
     * saved after an evaluation), which DJL does not know: so the mode is set every time.
     */
    static void mode(PtSymbolBlock block, boolean training) {
        if (training) {
            JniUtils.enableTrainingMode(block);
        } else {
            JniUtils.enableInferenceMode(block);
        }
    }

    /** The whole module (parameters and buffers), length-prefixed. */
    static void write(PtSymbolBlock block, DataOutputStream d) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JniUtils.writeModule(block, bytes, true);
        d.writeInt(bytes.size());
        bytes.writeTo(d);
    }

    /** A module written by {@link #write}, on {@code manager}'s device, its parameters trainable. */
    static PtSymbolBlock read(DataInputStream d, NDManager manager) throws IOException {
        byte[] bytes = new byte[d.readInt()];
        d.readFully(bytes);
        return JniUtils.loadModule((PtNDManager) manager, new ByteArrayInputStream(bytes), true, true);
    }
}
