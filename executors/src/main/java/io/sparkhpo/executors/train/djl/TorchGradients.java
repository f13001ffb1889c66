package io.sparkhpo.executors.train.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

import java.util.List;

/** The parameters' gradient buffers in libtorch, kept in place so that the optimizer can hold views of them. */
final class TorchGradients {

    private TorchGradients() {
    }

    /**
     * libtorch allocates a parameter's gradient at its first backward pass; one pass of 0·Σθ makes them all
     * (zeros) now. Later backward passes accumulate into them in place, and {@link #zero} zeroes them in place.
     *
     * @param collectorLock the lock held while a gradient collector is open (DJL allows one per JVM)
     */
    static void materialize(Engine engine, NDManager manager, List<Parameter> trainable, Object collectorLock) {
        synchronized (collectorLock) {
            try (NDManager step = manager.newSubManager(); GradientCollector collector = engine.newGradientCollector()) {
                NDArray zero = null;
                for (Parameter p : trainable) {
                    NDArray s = p.getArray().sum().muli(0);
                    s.attach(step);
                    zero = zero == null ? s : zero.add(s);
                }
                collector.backward(zero);
            }
        }
    }

    /** Zeroes the gradients in place (libtorch accumulates them), on their device. */
    static void zero(List<Parameter> trainable) {
        for (Parameter p : trainable) {
            JniUtils.zeroGrad((PtNDArray) p.getArray());
        }
    }

    /**
     * Turns libtorch's gradient recording off on this thread: the in-place updates of the parameters (through
     * views, or by copies into them) must not be recorded. DJL turns it on in a gradient collector and, on closing
     * one, restores the thread's earlier mode, which on a thread that libtorch has not seen before is "on".
     */
    static void noGrad() {
        JniUtils.setGradMode(false);
    }
}
