package io.sparkhpo.executors.data;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Images in class folders, as torchvision's {@code ImageFolder} reads them: {@code ROOT/CLASS/*.png|jpg|jpeg}, the
 * classes the sorted folder names (class i is the i-th), the images of a class sorted by file name. With
 * {@code ROOT/train} and {@code ROOT/test} folders those are the two sets (with the same classes); otherwise each
 * class's images are split by a seeded shuffle (seed 0, the same in every study), {@code testFraction} of them
 * (rounded, at least one when the class has two) into the test set.
 *
 * <p>Each image is decoded ({@link ImageIO}: PNG, JPEG, and others the JVM reads), resized so that its shorter
 * side is {@code size} and centre-cropped to {@code size x size}, as torchvision's {@code Resize(size)} then
 * {@code CenterCrop(size)} on tensors do: bilinear, {@code align_corners = False}, no antialiasing, rounded half to
 * even, with PyTorch's CPU arithmetic (checked byte for byte against PyTorch 1.13: golden/images.json); then RGB
 * (3 channels) or grey by ITU-R 601-2 luma, {@code (299 R + 587 G + 114 B) / 1000} truncated (1 channel). A grey
 * image's samples are taken as they are for all three channels; alpha is dropped.
 */
public final class ImageFolder {

    public static final String NAME = "image-folder";
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg");

    private ImageFolder() {
    }

    /** Whether {@code dir} holds at least one sub-folder (class folders, or {@code train} and {@code test}). */
    public static boolean present(Path dir) {
        return !subfolders(dir).isEmpty();
    }

    public static DataSplit load(Path dir, int size, int channels, double testFraction) {
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir, "not a folder; an image folder holds one folder of images per class");
        }
        Path train = dir.resolve("train");
        Path test = dir.resolve("test");
        if (Files.isDirectory(train) && Files.isDirectory(test)) {
            List<String> classes = classes(train);
            List<String> testClasses = classes(test);
            if (!testClasses.equals(classes)) {
                throw new DataException(test, "has the classes " + testClasses + ", " + train + " has " + classes);
            }
            return new DataSplit(read(train, classes, listed(train, classes), size, channels),
                    read(test, classes, listed(test, classes), size, channels));
        }
        List<String> classes = classes(dir);
        List<List<Path>> all = listed(dir, classes);
        List<List<Path>> trainFiles = new ArrayList<>();
        List<List<Path>> testFiles = new ArrayList<>();
        for (List<Path> files : all) {
            int[] order = Dataset.permutation(files.size(), 0);
            int n = files.size() < 2 ? 0 : Math.max(1, (int) Math.round(files.size() * testFraction));
            List<Path> te = new ArrayList<>();
            List<Path> tr = new ArrayList<>();
            for (int k = 0; k < order.length; k++) {
                (k < n ? te : tr).add(files.get(order[k]));
            }
            trainFiles.add(tr);
            testFiles.add(te);
        }
        return new DataSplit(read(dir, classes, trainFiles, size, channels), read(dir, classes, testFiles, size, channels));
    }

    /** The sorted class folders of {@code dir}; fewer than two is an error. */
    static List<String> classes(Path dir) {
        List<String> classes = subfolders(dir).stream().map(p -> p.getFileName().toString()).sorted().toList();
        if (classes.size() < 2) {
            throw new DataException(dir, "an image folder needs at least 2 class folders (ROOT/CLASS/*.png), found "
                    + classes);
        }
        return classes;
    }

    private static List<Path> subfolders(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        } catch (IOException e) {
            throw new DataException(dir, "cannot list: " + e.getMessage(), e);
        }
    }

    /** Each class's image files, sorted by name; a class without images is an error. */
    private static List<List<Path>> listed(Path dir, List<String> classes) {
        List<List<Path>> out = new ArrayList<>();
        for (String c : classes) {
            Path folder = dir.resolve(c);
            try (Stream<Path> s = Files.list(folder)) {
                List<Path> files = s.filter(Files::isRegularFile).filter(ImageFolder::isImage).sorted().toList();
                if (files.isEmpty()) {
                    throw new DataException(folder, "class folder without images (" + EXTENSIONS + ")");
                }
                out.add(files);
            } catch (IOException e) {
                throw new DataException(folder, "cannot list: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    private static Dataset read(Path dir, List<String> classes, List<List<Path>> files, int size, int channels) {
        int n = files.stream().mapToInt(List::size).sum();
        int bytes = channels * size * size;
        byte[] pixels = new byte[n * bytes];
        int[] labels = new int[n];
        int i = 0;
        for (int c = 0; c < files.size(); c++) {
            for (Path f : files.get(c)) {
                BufferedImage img;
                try {
                    img = ImageIO.read(f.toFile());
                } catch (IOException e) {
                    throw new DataException(f, "cannot decode: " + e.getMessage(), e);
                }
                if (img == null) {
                    throw new DataException(f, "not an image the JVM can decode (PNG or JPEG)");
                }
                System.arraycopy(resizeCrop(img, size, channels), 0, pixels, i * bytes, bytes);
                labels[i++] = c;
            }
        }
        return new Dataset(NAME + ":" + dir.getFileName(), channels, size, size, classes.size(), pixels, labels);
    }

    /**
     * The image's pixels as {@code 0xRRGGBB}; a grey image's samples as they are (Java's {@code getRGB} would convert
     * them from linear grey to sRGB, which PIL and torchvision do not), alpha dropped.
     */
    private static int[] pixels(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        if (img.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            int[] g = img.getRaster().getPixels(0, 0, w, h, (int[]) null);
            for (int i = 0; i < g.length; i++) {
                g[i] = g[i] << 16 | g[i] << 8 | g[i];
            }
            return g;
        }
        return img.getRGB(0, 0, w, h, null, 0, w);
    }

    /** {@code img} resized (shorter side {@code size}) and centre-cropped, as planes of {@code channels}. */
    static byte[] resizeCrop(BufferedImage img, int size, int channels) {
        int h = img.getHeight();
        int w = img.getWidth();
        int oh = h <= w ? size : (int) ((long) size * h / w);
        int ow = h <= w ? (int) ((long) size * w / h) : size;
        int top = (int) Math.rint((oh - size) / 2.0);
        int left = (int) Math.rint((ow - size) / 2.0);
        // as PyTorch's CPU kernel for float input: a float32 scale, the source index scale * (i + 0.5) - 0.5 in double,
        // its fraction stored as a float32 weight, float32 sums with rows outermost (this decides values near .5)
        float sy = (float) h / oh;
        float sx = (float) w / ow;
        int[] rgb = pixels(img);
        byte[] out = new byte[channels * size * size];
        for (int y = 0; y < size; y++) {
            double src = Math.max((double) sy * (y + top + 0.5) - 0.5, 0);
            int y0 = (int) src;
            int y1 = y0 + (y0 < h - 1 ? 1 : 0);
            float ly1 = (float) Math.min(src - y0, 1);
            float ly0 = 1f - ly1;
            for (int x = 0; x < size; x++) {
                double srcx = Math.max((double) sx * (x + left + 0.5) - 0.5, 0);
                int x0 = (int) srcx;
                int x1 = x0 + (x0 < w - 1 ? 1 : 0);
                float lx1 = (float) Math.min(srcx - x0, 1);
                float lx0 = 1f - lx1;
                int[] v = new int[3];
                for (int c = 0; c < 3; c++) {
                    int shift = 16 - 8 * c;
                    float top0 = (rgb[y0 * w + x0] >> shift & 0xFF) * lx0 + (rgb[y0 * w + x1] >> shift & 0xFF) * lx1;
                    float bottom = (rgb[y1 * w + x0] >> shift & 0xFF) * lx0 + (rgb[y1 * w + x1] >> shift & 0xFF) * lx1;
                    float value = top0 * ly0 + bottom * ly1;
                    v[c] = (int) Math.min(255, Math.max(0, Math.rint(value)));
                }
                if (channels == 1) {
                    out[y * size + x] = (byte) ((299 * v[0] + 587 * v[1] + 114 * v[2]) / 1000);
                } else {
                    for (int c = 0; c < 3; c++) {
                        out[(c * size + y) * size + x] = (byte) v[c];
                    }
                }
            }
        }
        return out;
    }
}
