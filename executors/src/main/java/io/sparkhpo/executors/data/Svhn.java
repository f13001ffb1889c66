package io.sparkhpo.executors.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * SVHN's cropped digits in their official format (http://ufldl.stanford.edu/housenumbers/): {@code train_32x32.mat}
 * (73,257 images) and {@code test_32x32.mat} (26,032), MATLAB 5 files holding {@code X}, 32x32x3xN bytes in MATLAB's
 * column-major order, and {@code y}, N labels 1..10 where 10 is the digit 0 (read as class 0, as torchvision does).
 * The reader handles the MATLAB 5 level it needs: little- or big-endian, compressed or plain elements, numeric arrays
 * of any integer or floating type; anything else is an error naming the file.
 */
public final class Svhn {

    public static final String NAME = "svhn";
    public static final String TRAIN_FILE = "train_32x32.mat";
    public static final String TEST_FILE = "test_32x32.mat";
    public static final int SIDE = 32;
    public static final int CLASSES = 10;

    private static final int MI_MATRIX = 14;
    private static final int MI_COMPRESSED = 15;

    private Svhn() {
    }

    public static boolean present(Path dir) {
        return Files.isRegularFile(dir.resolve(TRAIN_FILE)) && Files.isRegularFile(dir.resolve(TEST_FILE));
    }

    public static DataSplit load(Path dir) {
        return new DataSplit(read(dir.resolve(TRAIN_FILE)), read(dir.resolve(TEST_FILE)));
    }

    static Dataset read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataException(file, "missing SVHN file (expected " + TRAIN_FILE + " and " + TEST_FILE + " in "
                    + file.getParent() + ")");
        }
        Map<String, double[]> dims = new HashMap<>();
        Map<String, Object> data = new HashMap<>();
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
            if (b.limit() < 128) {
                throw new DataException(file, "too short for a MATLAB 5 file (" + b.limit() + " bytes)");
            }
            b.order(b.get(126) == 'I' && b.get(127) == 'M' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            if (b.getShort(124) != 0x0100) {
                throw new DataException(file, "not a MATLAB 5 file (its version field is " + b.getShort(124) + ")");
            }
            b.position(128);
            while (b.remaining() >= 8) {
                element(file, b, dims, data);
            }
        } catch (IOException e) {
            throw new DataException(file, "cannot read: " + e.getMessage(), e);
        } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new DataException(file, "truncated or corrupt MATLAB file", e);
        }
        for (String name : List.of("X", "y")) {
            if (!data.containsKey(name)) {
                throw new DataException(file, "holds no variable " + name + " (its variables: " + data.keySet() + ")");
            }
        }
        double[] xd = dims.get("X");
        if (xd.length != 4 || xd[0] != SIDE || xd[1] != SIDE || xd[2] != 3) {
            throw new DataException(file, "X is " + java.util.Arrays.toString(xd) + ", SVHN's is 32x32x3xN");
        }
        int n = (int) xd[3];
        long[] y = longs(data.get("y"));
        if (y.length != n) {
            throw new DataException(file, y.length + " labels for " + n + " images");
        }
        byte[] x = bytes(data.get("X"));
        byte[] pixels = new byte[n * 3 * SIDE * SIDE];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            if (y[i] < 1 || y[i] > 10) {
                throw new DataException(file, "image " + i + " has label " + y[i] + ", SVHN's are 1..10 (10: the digit 0)");
            }
            labels[i] = (int) (y[i] % 10);
            for (int c = 0; c < 3; c++) {
                for (int h = 0; h < SIDE; h++) {
                    for (int w = 0; w < SIDE; w++) {
                        pixels[((i * 3 + c) * SIDE + h) * SIDE + w] = x[h + SIDE * (w + SIDE * (c + 3 * i))];
                    }
                }
            }
        }
        return new Dataset(NAME, 3, SIDE, SIDE, CLASSES, pixels, labels);
    }

    /** One top-level element: a (possibly compressed) matrix, whose dimensions and data are kept by name. */
    private static void element(Path file, ByteBuffer b, Map<String, double[]> dims, Map<String, Object> data) throws IOException {
        int type = b.getInt();
        int size = b.getInt();
        int start = b.position();
        if (type == MI_COMPRESSED) {
            byte[] packed = new byte[size];
            b.get(packed);
            ByteBuffer inner = ByteBuffer.wrap(inflate(file, packed)).order(b.order());
            element(file, inner, dims, data);
            return; // compressed elements are not padded
        } else if (type == MI_MATRIX) {
            matrix(file, b.slice(start, size).order(b.order()), dims, data);
            b.position(start + size);
        } else {
            b.position(start + size);
        }
        b.position(Math.min(b.limit(), b.position() + (8 - b.position() % 8) % 8));
    }

    private static void matrix(Path file, ByteBuffer m, Map<String, double[]> dims, Map<String, Object> data) {
        sub(m); // array flags
        Object d = sub(m);
        Object nameBytes = sub(m);
        String name = new String(bytes(nameBytes), java.nio.charset.StandardCharsets.US_ASCII);
        if (m.remaining() < 8) {
            return; // an empty array
        }
        long[] dl = longs(d);
        double[] dd = new double[dl.length];
        for (int i = 0; i < dl.length; i++) {
            dd[i] = dl[i];
        }
        dims.put(name, dd);
        data.put(name, sub(m));
    }

    /** A sub-element's data, as the array of its type (byte[], short[], int[], long[], float[], double[]). */
    private static Object sub(ByteBuffer m) {
        int tag = m.getInt();
        int type;
        int size;
        boolean small = (tag >>> 16) != 0;
        if (small) {
            type = tag & 0xFFFF;
            size = tag >>> 16;
        } else {
            type = tag;
            size = m.getInt();
        }
        ByteBuffer d = m.slice(m.position(), size).order(m.order());
        m.position(m.position() + (small ? 4 : (size + 7) / 8 * 8));
        return switch (type) {
            case 1, 2 -> { byte[] a = new byte[size]; d.get(a); yield a; }
            case 3, 4 -> { short[] a = new short[size / 2]; d.asShortBuffer().get(a); yield type == 4 ? unsigned(a) : a; }
            case 5, 6 -> { int[] a = new int[size / 4]; d.asIntBuffer().get(a); yield a; }
            case 7 -> { float[] a = new float[size / 4]; d.asFloatBuffer().get(a); yield a; }
            case 9 -> { double[] a = new double[size / 8]; d.asDoubleBuffer().get(a); yield a; }
            case 12, 13 -> { long[] a = new long[size / 8]; d.asLongBuffer().get(a); yield a; }
            default -> throw new IllegalArgumentException("MATLAB data type " + type + " is not numeric");
        };
    }

    private static int[] unsigned(short[] a) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] & 0xFFFF;
        }
        return out;
    }

    private static byte[] bytes(Object a) {
        if (a instanceof byte[] b) {
            return b;
        }
        long[] l = longs(a);
        byte[] out = new byte[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = (byte) l[i];
        }
        return out;
    }

    /** Numeric data as whole numbers (bytes unsigned). */
    private static long[] longs(Object a) {
        if (a instanceof byte[] v) {
            long[] out = new long[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = v[i] & 0xFF;
            }
            return out;
        }
        if (a instanceof short[] v) {
            long[] out = new long[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = v[i];
            }
            return out;
        }
        if (a instanceof int[] v) {
            return java.util.Arrays.stream(v).asLongStream().toArray();
        }
        if (a instanceof long[] v) {
            return v;
        }
        if (a instanceof float[] v) {
            long[] out = new long[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = Math.round(v[i]);
            }
            return out;
        }
        return java.util.Arrays.stream((double[]) a).mapToLong(Math::round).toArray();
    }

    private static byte[] inflate(Path file, byte[] packed) {
        Inflater inf = new Inflater();
        inf.setInput(packed);
        ByteArrayOutputStream out = new ByteArrayOutputStream(packed.length * 4);
        byte[] buf = new byte[1 << 16];
        try {
            while (!inf.finished()) {
                int k = inf.inflate(buf);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    throw new DataException(file, "a compressed MATLAB element ends early");
                }
                out.write(buf, 0, k);
            }
        } catch (DataFormatException e) {
            throw new DataException(file, "a compressed MATLAB element is corrupt: " + e.getMessage(), e);
        } finally {
            inf.end();
        }
        return out.toByteArray();
    }
}
