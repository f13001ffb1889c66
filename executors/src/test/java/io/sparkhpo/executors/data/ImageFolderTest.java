package io.sparkhpo.executors.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkhpo.executors.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Image folders written here as PNG and JPEG files: classes, splits, resizing (against PyTorch) and bad folders. */
class ImageFolderTest {

    @TempDir
    Path dir;

    /** Resize and centre crop give torchvision's tensor Resize + CenterCrop bytes (golden/images.json, tools/golden/images.py). */
    @Test
    void resizingMatchesTorchvision() {
        JsonNode golden = Golden.load("images.json");
        for (JsonNode c : golden.get("cases")) {
            int h = c.get("height").asInt();
            int w = c.get("width").asInt();
            int size = c.get("size").asInt();
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = 0;
                    for (int ch = 0; ch < 3; ch++) {
                        rgb = rgb << 8 | (37 * y + 11 * x + 83 * ch + (x * y) % 17) % 256;
                    }
                    img.setRGB(x, y, rgb);
                }
            }
            byte[] got = ImageFolder.resizeCrop(img, size, 3);
            byte[] expected = new byte[c.get("pixels").size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (byte) c.get("pixels").get(i).asInt();
            }
            assertArrayEquals(expected, got, h + "x" + w + " to " + size);
        }
    }

    @Test
    void classesAreTheSortedFoldersAndEachClassIsSplitBySeed() throws IOException {
        write(dir, "zebra", 5, 1);
        write(dir, "ant", 4, 2);
        write(dir, "cat", 6, 3);
        Files.writeString(dir.resolve("cat/notes.txt"), "not an image");
        DataSplit s = DataSets.load(ImageFolder.NAME, Map.of("image_size", 8L), dir);
        assertEquals(3, s.train().classes());
        assertEquals(15, s.train().size() + s.test().size());
        assertEquals(3, s.test().size(), "round(0.2 n) per class, at least one: 1 + 1 + 1");
        assertEquals(8, s.train().height());
        assertEquals(3, s.train().channels());
        int[] perClass = new int[3];
        for (int i = 0; i < s.train().size(); i++) {
            perClass[s.train().label(i)]++;
        }
        assertArrayEquals(new int[]{3, 5, 4}, perClass, "ant, cat, zebra");
        DataSplit again = DataSets.load(ImageFolder.NAME, Map.of("image_size", 8L), dir);
        for (int i = 0; i < s.test().size(); i++) {
            assertEquals(s.test().label(i), again.test().label(i));
            assertEquals(s.test().pixel(i, 0, 3, 3), again.test().pixel(i, 0, 3, 3), "the same split every time");
        }
        DataSplit grey = DataSets.load(ImageFolder.NAME, Map.of("image_size", 4L, "channels", "grey"), dir);
        assertEquals(1, grey.train().channels());
    }

    /** A grey PNG's samples are its pixels in every channel (not Java's linear-to-sRGB conversion). */
    @Test
    void greyImagesKeepTheirValues() throws IOException {
        for (String c : new String[]{"a", "b"}) {
            Path folder = Files.createDirectories(dir.resolve(c));
            BufferedImage grey = new BufferedImage(9, 7, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 7; y++) {
                for (int x = 0; x < 9; x++) {
                    grey.getRaster().setSample(x, y, 0, 100);
                }
            }
            for (int i = 0; i < 2; i++) {
                ImageIO.write(grey, "png", folder.resolve(i + ".png").toFile());
            }
        }
        DataSplit s = DataSets.load(ImageFolder.NAME, Map.of("image_size", 5L), dir);
        for (int ch = 0; ch < 3; ch++) {
            assertEquals(100, s.train().pixel(0, ch, 2, 2));
        }
    }

    @Test
    void trainAndTestFoldersAreTheTwoSets() throws IOException {
        for (String set : new String[]{"train", "test"}) {
            write(dir.resolve(set), "a", 3, 4);
            write(dir.resolve(set), "b", 2, 5);
        }
        DataSplit s = DataSets.load(ImageFolder.NAME, Map.of(), dir);
        assertEquals(5, s.train().size());
        assertEquals(5, s.test().size());
        assertEquals(32, s.train().width());
    }

    @Test
    void badFoldersAreErrorsNamingThePath() throws IOException {
        write(dir.resolve("one"), "only", 3, 6);
        DataException one = assertThrows(DataException.class, () -> DataSets.load(ImageFolder.NAME, Map.of(), dir.resolve("one")));
        assertTrue(one.getMessage().contains("at least 2 class folders") && one.getMessage().contains("[only]"), one.getMessage());

        write(dir.resolve("empty"), "a", 2, 7);
        Files.createDirectories(dir.resolve("empty/b"));
        DataException empty = assertThrows(DataException.class, () -> DataSets.load(ImageFolder.NAME, Map.of(), dir.resolve("empty")));
        assertTrue(empty.getMessage().contains("b") && empty.getMessage().contains("without images"), empty.getMessage());

        write(dir.resolve("corrupt"), "a", 2, 8);
        write(dir.resolve("corrupt"), "b", 2, 9);
        Files.write(dir.resolve("corrupt/b/broken.png"), new byte[]{1, 2, 3});
        DataException corrupt = assertThrows(DataException.class, () -> DataSets.load(ImageFolder.NAME, Map.of(), dir.resolve("corrupt")));
        assertTrue(corrupt.getMessage().contains("broken.png"), corrupt.getMessage());

        for (String set : new String[]{"train", "test"}) {
            write(dir.resolve("mismatch").resolve(set), "a", 2, 10);
        }
        write(dir.resolve("mismatch/train"), "b", 2, 11);
        write(dir.resolve("mismatch/test"), "c", 2, 12);
        DataException mismatch = assertThrows(DataException.class, () -> DataSets.load(ImageFolder.NAME, Map.of(), dir.resolve("mismatch")));
        assertTrue(mismatch.getMessage().contains("[a, c]") && mismatch.getMessage().contains("[a, b]"), mismatch.getMessage());
    }

    /** {@code n} images of mixed sizes (PNG, every third JPEG) in {@code root/cls}. */
    static void write(Path root, String cls, int n, long seed) throws IOException {
        Path folder = Files.createDirectories(root.resolve(cls));
        Random rng = new Random(seed);
        for (int i = 0; i < n; i++) {
            int w = 6 + rng.nextInt(20);
            int h = 6 + rng.nextInt(20);
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    img.setRGB(x, y, rng.nextInt(1 << 24));
                }
            }
            String format = i % 3 == 2 ? "jpg" : "png";
            ImageIO.write(img, format, folder.resolve(cls + i + "." + format).toFile());
        }
    }
}
