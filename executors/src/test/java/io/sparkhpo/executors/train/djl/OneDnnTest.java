package io.sparkhpo.executors.train.djl;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-JVM decision on libtorch's oneDNN convolutions ({@link OneDnn}). */
class OneDnnTest {

    /**
     * Whatever this CPU is: once the engine is loaded, libtorch's convolution gradients (with oneDNN where the check
     * kept it) are those of libtorch's own kernels. On a CPU where oneDNN's are wrong this fails unless the check
     * turned it off.
     */
    @Test
    void afterTheEngineLoadsConvolutionGradientsAreLibtorchsOwn() {
        String decided = new DjlEngine().runtime().detail();
        System.out.println("libtorch here: " + decided);
        assertTrue(decided.contains("oneDNN"), decided);
        boolean before = OneDnn.enabled();
        List<float[]> now = OneDnn.gradients(DjlEngine.engine());
        try {
            OneDnn.setEnabled(false);
            assertEquals("", OneDnn.difference(now, OneDnn.gradients(DjlEngine.engine())));
        } finally {
            OneDnn.setEnabled(before);
        }
        assertEquals(decided.startsWith("oneDNN on") || decided.contains("cuDNN, oneDNN on"), before, decided);
    }

    @Test
    void aNonFiniteOrDistantGradientIsADifference() {
        List<float[]> reference = List.of(new float[] {1f, -2f, 4f});
        assertEquals("", OneDnn.difference(List.of(new float[] {1f, -2f, 4.002f}), reference));
        assertEquals("1 of 3 gradient values not finite", OneDnn.difference(List.of(new float[] {1f, Float.NaN, 4f}), reference));
        assertEquals("gradients off by 0.025 of their largest value", OneDnn.difference(List.of(new float[] {1.1f, -2f, 4f}), reference));
    }

    @Test
    void anUnknownModeNamesTheProperty() {
        assertEquals(OneDnn.Mode.OFF, OneDnn.mode("off"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OneDnn.mode("no"));
        assertEquals("unknown value of -Dsparkhpo.libtorch.onednn 'no'; known: [auto, on, off]", e.getMessage());
    }
}
