package io.sparkhpo.executors.train.dl4j;

import io.sparkhpo.executors.optim.DeviceVectors;
import io.sparkhpo.executors.train.Traffic;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Max;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;
import java.util.List;

/**
 * {@link DeviceVectors} on ND4J arrays: each operation is one of ND4J's native in-place kernels on the backend's
 * memory (off-heap on the CPU backend, GPU memory on CUDA). Reductions stay ND4J arrays until their one number is
 * read; every copy to or from the heap is counted in the session's {@link Traffic}.
 */
final class Nd4jVectors implements DeviceVectors<INDArray> {

    /**
     * ND4J's chunk length: no cutting. ND4J parallelizes an operation only over large arrays; on this project's
     * 2-core machine AdamW over ResNet-18 took 56 ms as one 11-million-element chunk and 68-80 ms in chunks of 2^19.
     */
    static final int CHUNK = Integer.MAX_VALUE;

    private final Traffic traffic;

    Nd4jVectors(Traffic traffic) {
        this.traffic = traffic;
    }

    /** A view of elements {@code [from, to)} of a vector or a row vector. */
    @Override
    public INDArray slice(INDArray flat, int from, int to) {
        return flat.reshape(flat.length()).get(NDArrayIndex.interval(from, to));
    }

    @Override
    public void scale(INDArray x, double a) {
        traffic.call(1);
        x.muli(a);
    }

    @Override
    public void shift(INDArray x, double a) {
        traffic.call(1);
        x.addi(a);
    }

    @Override
    public void add(INDArray x, INDArray y) {
        traffic.call(1);
        x.addi(y);
    }

    @Override
    public void sub(INDArray x, INDArray y) {
        traffic.call(1);
        x.subi(y);
    }

    @Override
    public void mul(INDArray x, INDArray y) {
        traffic.call(1);
        x.muli(y);
    }

    @Override
    public void div(INDArray x, INDArray y) {
        traffic.call(1);
        x.divi(y);
    }

    @Override
    public void copy(INDArray dst, INDArray src) {
        traffic.call(1);
        dst.assign(src);
    }

    @Override
    public void scaled(INDArray dst, INDArray y, double a) {
        traffic.call(1);
        y.mul(a, dst);
    }

    @Override
    public void product(INDArray dst, INDArray y, INDArray z) {
        traffic.call(1);
        y.mul(z, dst);
    }

    @Override
    public void quotient(INDArray dst, INDArray y, INDArray z) {
        traffic.call(1);
        y.div(z, dst);
    }

    @Override
    public void sqrt(INDArray dst, INDArray src) {
        traffic.call(1);
        Nd4j.exec(new Sqrt(src, dst));
    }

    @Override
    public void abs(INDArray dst, INDArray src) {
        traffic.call(1);
        Nd4j.exec(new Abs(src, dst));
    }

    @Override
    public void max(INDArray x, INDArray y) {
        traffic.call(1);
        Nd4j.exec(new Max(x, y, x));
    }

    @Override
    public void clampAbs(INDArray x, double c) {
        traffic.call(2);
        Transforms.min(x, c, false);
        Transforms.max(x, -c, false);
    }

    @Override
    public double sumOfSquares(List<INDArray> xs) {
        INDArray total = null;
        for (INDArray x : xs) {
            traffic.call(3);
            INDArray n = x.norm2();
            n.muli(n);
            total = total == null ? n : total.addi(n);
        }
        if (total == null) {
            return 0;
        }
        traffic.toHost(Double.BYTES);
        return total.getDouble(0);
    }

    @Override
    public int length(INDArray x) {
        return Math.toIntExact(x.length());
    }

    @Override
    public float[] toHost(INDArray x) {
        traffic.toHost(x.length() * Float.BYTES);
        return x.toFloatVector();
    }

    /** Outside any workspace, so that the copy outlives the step and can be read on another thread. */
    @Override
    public INDArray duplicate(INDArray x) {
        try (org.nd4j.linalg.api.memory.MemoryWorkspace none = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return x.dup();
        }
    }

    @Override
    public void free(INDArray x) {
        if (x.closeable()) {
            x.close();
        }
    }

    @Override
    public void fromHost(INDArray x, float[] src, int offset) {
        traffic.toEngine(x.length() * Float.BYTES);
        x.assign(Nd4j.createFromArray(Arrays.copyOfRange(src, offset, offset + length(x))).reshape(x.shape()));
    }
}
