package io.sparkhpo.executors.optim;

import java.util.List;

/**
 * {@link VectorOps} on Java {@code double[]} arrays: the float64 reference that replays PyTorch's golden
 * trajectories. The composite operations are fused loops with the same roundings as the primitive sequences
 * (Java does not contract {@code a·b + c} into a fused multiply-add), so they change speed, not results.
 */
public final class DoubleOps implements VectorOps<double[]> {

    public static final DoubleOps INSTANCE = new DoubleOps();

    private DoubleOps() {
    }

    @Override
    public void scale(double[] x, double a) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= a;
        }
    }

    @Override
    public void shift(double[] x, double a) {
        for (int i = 0; i < x.length; i++) {
            x[i] += a;
        }
    }

    @Override
    public void add(double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            x[i] += y[i];
        }
    }

    @Override
    public void sub(double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            x[i] -= y[i];
        }
    }

    @Override
    public void mul(double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= y[i];
        }
    }

    @Override
    public void div(double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            x[i] /= y[i];
        }
    }

    @Override
    public void copy(double[] dst, double[] src) {
        System.arraycopy(src, 0, dst, 0, dst.length);
    }

    @Override
    public void sqrt(double[] dst, double[] src) {
        for (int i = 0; i < dst.length; i++) {
            dst[i] = Math.sqrt(src[i]);
        }
    }

    @Override
    public void abs(double[] dst, double[] src) {
        for (int i = 0; i < dst.length; i++) {
            dst[i] = Math.abs(src[i]);
        }
    }

    @Override
    public void max(double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.max(x[i], y[i]);
        }
    }

    @Override
    public void clampAbs(double[] x, double c) {
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.max(-c, Math.min(c, x[i]));
        }
    }

    @Override
    public double sumOfSquares(List<double[]> xs) {
        double sum = 0;
        for (double[] x : xs) {
            for (double v : x) {
                sum += v * v;
            }
        }
        return sum;
    }

    @Override
    public void scaled(double[] dst, double[] y, double a) {
        for (int i = 0; i < dst.length; i++) {
            dst[i] = y[i] * a;
        }
    }

    @Override
    public void product(double[] dst, double[] y, double[] z) {
        for (int i = 0; i < dst.length; i++) {
            dst[i] = y[i] * z[i];
        }
    }

    @Override
    public void quotient(double[] dst, double[] y, double[] z) {
        for (int i = 0; i < dst.length; i++) {
            dst[i] = y[i] / z[i];
        }
    }

    @Override
    public void axpy(double[] x, double a, double[] y, double[] tmp) {
        for (int i = 0; i < x.length; i++) {
            x[i] += a == 1 ? y[i] : a * y[i];
        }
    }

    @Override
    public void lerp(double[] x, double[] y, double b, double[] tmp) {
        double c = 1 - b;
        for (int i = 0; i < x.length; i++) {
            x[i] = x[i] * b + (c == 1 ? y[i] : c * y[i]);
        }
    }

    @Override
    public void lerpSquare(double[] x, double[] y, double b, double[] tmp) {
        double c = 1 - b;
        for (int i = 0; i < x.length; i++) {
            double t = y[i] * y[i] * c;
            tmp[i] = t;
            x[i] = x[i] * b + t;
        }
    }

    @Override
    public void addRatio(double[] x, double a, double[] y, double[] d, double[] tmp) {
        if (a == 0) {
            return;
        }
        for (int i = 0; i < x.length; i++) {
            x[i] += y[i] / d[i] * a;
        }
    }
}
