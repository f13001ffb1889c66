package io.sparkhpo.executors.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** torch.nn.utils.clip_grad_norm_ / clip_grad_value_ semantics. */
class ClippingTest {

    @Test
    void normClipScalesByMaxNormOverNormPlusEpsilon() {
        float[] g = {3f, 4f};
        double norm = new Clipping(1.0, Double.POSITIVE_INFINITY).apply(g, 2);
        assertEquals(5.0, norm, 1e-12, "the norm before clipping is reported");
        double coef = 1.0 / (5.0 + 1e-6);
        assertArrayEquals(new float[]{(float) (3 * coef), (float) (4 * coef)}, g, 1e-7f);
    }

    @Test
    void normBelowTheBoundIsUntouched() {
        float[] g = {0.3f, -0.4f};
        new Clipping(1.0, Double.POSITIVE_INFINITY).apply(g, 2);
        assertArrayEquals(new float[]{0.3f, -0.4f}, g);
    }

    @Test
    void valueClipThenNormClip() {
        float[] g = {10f, -0.5f, 0.2f};
        double norm = new Clipping(Double.POSITIVE_INFINITY, 1.0).apply(g, 3);
        assertEquals(Math.sqrt(100 + 0.25 + 0.04), norm, 1e-6);
        assertArrayEquals(new float[]{1f, -0.5f, 0.2f}, g);
        float[] h = {10f, 0f};
        new Clipping(0.5, 1.0).apply(h, 2);
        assertArrayEquals(new float[]{(float) (0.5 / (1 + 1e-6)), 0f}, h, 1e-7f);
    }

    @Test
    void noneChangesNothing() {
        float[] g = {1e6f, -1e6f};
        Clipping.NONE.apply(g, 2);
        assertArrayEquals(new float[]{1e6f, -1e6f}, g);
        assertThrows(IllegalArgumentException.class, () -> new Clipping(0, 1));
    }
}
