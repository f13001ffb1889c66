package io.sparkhpo.executors.optim;

/** Argument checks with messages that name the owner, the field and the value. */
final class Check {

    private Check() {
    }

    static double positive(String what, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " must be > 0 and finite, got " + v);
        }
        return v;
    }

    static double nonNegative(String what, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " must be >= 0 and finite, got " + v);
        }
        return v;
    }


}
