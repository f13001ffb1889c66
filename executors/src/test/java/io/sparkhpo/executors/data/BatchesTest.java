package io.sparkhpo.executors.data;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchesTest {

    /** 1 channel, 6x6, pixel value = 10 y + x + 1 (so 0 can only come from padding), label = image index. */
    static Dataset positional(int n) {
        int side = 6;
        byte[] px = new byte[n * side * side];
        byte[] lb = new byte[n];
        for (int i = 0; i < n; i++) {
            lb[i] = (byte) (i % 10);
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    px[i * side * side + y * side + x] = (byte) (10 * y + x + 1);
                }
            }
        }
        return new Dataset("pos", 1, side, side, 10, px, lb);
    }

    @Test
    void sameEpochAndIndexGiveTheSameBatch() {
        Batches b = Batches.training(positional(30), 8, Normalization.unit(1), true, 2, 5);
        assertEquals(4, b.count());
        assertArrayEquals(b.get(3, 2).features(), b.get(3, 2).features());
        assertArrayEquals(b.get(3, 2).labels(), b.get(3, 2).labels());
        assertEquals(6, b.get(3, 3).size(), "last batch keeps the remainder");
    }

    @Test
    void epochsVisitEveryExampleOnceInDifferentOrders() {
        Dataset d = positional(30);
        byte[] lb = new byte[30];
        for (int i = 0; i < 30; i++) {
            lb[i] = (byte) (i % 10);
        }
        Batches b = Batches.training(d, 7, Normalization.unit(1), false, 0, 5);
        int[] counts = new int[10];
        StringBuilder order0 = new StringBuilder();
        StringBuilder order1 = new StringBuilder();
        for (int i = 0; i < b.count(); i++) {
            for (int y : b.get(0, i).labels()) {
                counts[y]++;
                order0.append(y);
            }
            for (int y : b.get(1, i).labels()) {
                order1.append(y);
            }
        }
        assertArrayEquals(new int[]{3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, counts);
        assertFalse(order0.toString().equals(order1.toString()));
    }

    @Test
    void evaluationKeepsOrderAndPixels() {
        Batches b = Batches.evaluation(positional(5), 2, Normalization.unit(1));
        Batch first = b.get(0, 0);
        assertArrayEquals(new int[]{0, 1}, first.labels());
        assertEquals(1 / 255f, first.features()[0], 1e-7);
        assertEquals((10 * 5 + 5 + 1) / 255f, first.features()[35], 1e-7);
    }

    /** Crops shift by at most the padding, fill with (normalized) zeros, and flips mirror rows. */
    @Test
    void augmentationIsACropWithPaddingAndAFlip() {
        int pad = 2;
        Batches b = Batches.training(positional(2000), 2000, Normalization.unit(1), true, pad, 11);
        Batch batch = b.get(0, 0);
        Set<String> shifts = new HashSet<>();
        int flipped = 0;
        for (int k = 0; k < batch.size(); k++) {
            float[] img = new float[36];
            System.arraycopy(batch.features(), k * 36, img, 0, 36);
            // find a non-padding pixel and recover the transform from its value
            int[] shift = recover(img);
            assertTrue(Math.abs(shift[0]) <= pad && Math.abs(shift[1]) <= pad, "shift " + shift[0] + "," + shift[1]);
            shifts.add(shift[0] + "," + shift[1] + "," + shift[2]);
            flipped += shift[2];
        }
        assertEquals(2 * 5 * 5, shifts.size(), "all 25 shifts with and without flip appear in 2000 draws");
        assertTrue(flipped > 900 && flipped < 1100, "flips: " + flipped);
    }

    /** {dy, dx, flipped}: for every output pixel, either padding (0) or the source pixel the transform implies. */
    private static int[] recover(float[] img) {
        for (int flip = 0; flip <= 1; flip++) {
            for (int dy = -2; dy <= 2; dy++) {
                for (int dx = -2; dx <= 2; dx++) {
                    if (matches(img, dy, dx, flip == 1)) {
                        return new int[]{dy, dx, flip};
                    }
                }
            }
        }
        throw new AssertionError("image is not a padded crop/flip of the source");
    }

    private static boolean matches(float[] img, int dy, int dx, boolean flip) {
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 6; x++) {
                int sy = y + dy;
                int sx = (flip ? 5 - x : x) + dx;
                float want = (sy < 0 || sy >= 6 || sx < 0 || sx >= 6) ? 0f : (10 * sy + sx + 1) / 255f;
                if (Math.abs(img[y * 6 + x] - want) > 1e-7) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void normalizationUsesTrainingStatistics() {
        Dataset d = positional(4);
        Normalization n = Normalization.of(d);
        double[][] stats = d.channelStats();
        assertEquals(stats[0][0], n.mean()[0], 1e-6);
        Batch b = Batches.evaluation(d, 4, n).get(0, 0);
        double mean = 0;
        for (float v : b.features()) {
            mean += v;
        }
        assertEquals(0, mean / b.features().length, 1e-5);
    }
}
