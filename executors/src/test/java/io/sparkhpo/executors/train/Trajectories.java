package io.sparkhpo.executors.train;

/** Comparing an engine's parameters with a reference's, for the engines' trajectory tests. */
public final class Trajectories {

    private Trajectories() {
    }

    /** The largest |got − expected| / max(|expected|, 1e-2) over the elements. */
    public static double worstRelative(float[] got, float[] expected) {
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(got[i] - expected[i]) / Math.max(Math.abs(expected[i]), 1e-2));
        }
        return worst;
    }
}
