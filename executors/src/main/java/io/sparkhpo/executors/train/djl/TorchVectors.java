package io.sparkhpo.executors.train.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.sparkhpo.executors.optim.DeviceVectors;
import io.sparkhpo.executors.train.Traffic;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link DeviceVectors} on libtorch tensors through DJL, on the device where the parameters are: the primitives
 * are libtorch's in-place kernels ({@code mul_}, {@code add_}, {@code copy_}, ...). What writes a scratch vector
 * from others (a square root, an absolute value, {@code a·y}, {@code y·z}, {@code y/z}) runs libtorch's
 * out-of-place kernel and the result replaces the scratch vector's storage: one pass, no copy (DJL has no in-place
 * square root, and no {@code out=} variants).
 * Scalar arguments are 0-dim float32 tensors in CPU memory, which libtorch reads as scalars also for GPU
 * operands (no copy to the GPU); the few a step needs are made once and reused. Every copy between the heap and
 * libtorch is counted in the session's {@link Traffic}. Not thread-safe.
 */
final class TorchVectors implements DeviceVectors<NDArray>, AutoCloseable {

    private static final NDIndex ALL = new NDIndex(":");
    private static final int SCALARS_KEPT = 64;

    private final Traffic traffic;
    private final NDManager cpu;
    private final Map<Double, NDArray> scalars = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Double, NDArray> eldest) {
            if (size() > SCALARS_KEPT) {
                eldest.getValue().close();
                return true;
            }
            return false;
        }
    };

    TorchVectors(Engine engine, Traffic traffic) {
        this.traffic = traffic;
        this.cpu = engine.newBaseManager(Device.cpu());
    }

    /** {@code a} as a libtorch scalar. */
    NDArray scalar(double a) {
        NDArray s = scalars.get(a);
        if (s == null) {
            traffic.toEngine(Float.BYTES);
            s = cpu.create((float) a);
            scalars.put(a, s);
        }
        return s;
    }

    @Override
    public void scale(NDArray x, double a) {
        traffic.call(1);
        x.muli(scalar(a));
    }

    @Override
    public void shift(NDArray x, double a) {
        traffic.call(1);
        x.addi(scalar(a));
    }

    @Override
    public void add(NDArray x, NDArray y) {
        traffic.call(1);
        x.addi(y);
    }

    @Override
    public void sub(NDArray x, NDArray y) {
        traffic.call(1);
        x.subi(y);
    }

    @Override
    public void mul(NDArray x, NDArray y) {
        traffic.call(1);
        x.muli(y);
    }

    @Override
    public void div(NDArray x, NDArray y) {
        traffic.call(1);
        x.divi(y);
    }

    @Override
    public void copy(NDArray dst, NDArray src) {
        traffic.call(1);
        dst.set(ALL, src);
    }

    @Override
    public void scaled(NDArray dst, NDArray y, double a) {
        traffic.call(1);
        dst.intern(y.mul(scalar(a)));
    }

    @Override
    public void product(NDArray dst, NDArray y, NDArray z) {
        traffic.call(1);
        dst.intern(y.mul(z));
    }

    @Override
    public void quotient(NDArray dst, NDArray y, NDArray z) {
        traffic.call(1);
        dst.intern(y.div(z));
    }

    @Override
    public void sqrt(NDArray dst, NDArray src) {
        traffic.call(1);
        dst.intern(src.sqrt());
    }

    @Override
    public void abs(NDArray dst, NDArray src) {
        traffic.call(1);
        dst.intern(src.abs());
    }

    @Override
    public void max(NDArray x, NDArray y) {
        traffic.call(2);
        try (NDArray r = x.maximum(y)) {
            x.set(ALL, r);
        }
    }

    @Override
    public void clampAbs(NDArray x, double c) {
        traffic.call(2);
        try (NDArray r = x.clip(-c, c)) {
            x.set(ALL, r);
        }
    }

    @Override
    public double sumOfSquares(List<NDArray> xs) {
        return sumOfSquaresLater(xs).value();
    }

    /**
     * The sum of squares as a one-element tensor where the vectors are, in {@link #sumOfSquares}'s order, read (and
     * freed) when asked for.
     */
    @Override
    public Scalar sumOfSquaresLater(List<NDArray> xs) {
        if (xs.isEmpty()) {
            return () -> 0;
        }
        NDManager keep = xs.get(0).getManager().newSubManager();
        NDArray total = null;
        for (NDArray x : xs) {
            traffic.call(3);
            NDArray n = x.norm();
            n.attach(keep);
            n.muli(n);
            total = total == null ? n : total.addi(n);
        }
        return new DeviceScalar(total, keep);
    }

    /** The factor min(1, maxNorm / (√Σ + eps)) computed by libtorch where the gradients are, in float32. */
    @Override
    public void clipToNorm(List<NDArray> xs, Scalar sumOfSquares, double maxNorm, double eps) {
        if (!(sumOfSquares instanceof DeviceScalar d) || xs.isEmpty()) {
            DeviceVectors.super.clipToNorm(xs, sumOfSquares, maxNorm, eps);
            return;
        }
        try (NDManager step = d.total.getManager().newSubManager()) {
            traffic.call(4);
            NDArray root = d.total.sqrt();
            root.attach(step);
            NDArray coef = root.addi(scalar(eps)).getNDArrayInternal().rdiv(scalar(maxNorm));
            coef.attach(step);
            coef = coef.minimum(1f);
            coef.attach(step);
            for (NDArray x : xs) {
                traffic.call(1);
                x.muli(coef);
            }
        }
    }

    /** A one-element tensor, read back once. */
    private final class DeviceScalar implements Scalar {
        private final NDArray total;
        private final NDManager keep;
        private double value = Double.NaN;
        private boolean read;

        DeviceScalar(NDArray total, NDManager keep) {
            this.total = total;
            this.keep = keep;
        }

        @Override
        public double value() {
            if (!read) {
                traffic.toHost(Float.BYTES);
                value = total.getFloat();
                close();
            }
            return value;
        }

        @Override
        public void close() {
            if (!read) {
                read = true;
                keep.close();
            }
        }
    }

    @Override
    public int length(NDArray x) {
        return Math.toIntExact(x.size());
    }

    @Override
    public NDArray slice(NDArray x, int from, int to) {
        return x.get(new NDIndex(from + ":" + to));
    }

    @Override
    public float[] toHost(NDArray x) {
        traffic.toHost(x.size() * Float.BYTES);
        return x.toFloatArray();
    }

    @Override
    public void fromHost(NDArray x, float[] src, int offset) {
        traffic.toEngine(x.size() * Float.BYTES);
        try (NDArray v = x.getManager().create(Arrays.copyOfRange(src, offset, offset + length(x)), x.getShape())) {
            x.set(ALL, v);
        }
    }

    @Override
    public NDArray duplicate(NDArray x) {
        return x.duplicate();
    }

    @Override
    public void free(NDArray x) {
        x.close();
    }

    @Override
    public void close() {
        cpu.close();
    }
}
