package io.sparkhpo.executors.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reader of IDX files (http://yann.lecun.com/exdb/mnist/) of unsigned bytes, raw or gzip-compressed (detected by
 * the gzip magic bytes, not the file name): a 4-byte magic {@code 0x00 0x00 0x08 D}, D big-endian int32
 * dimensions, then the data, which must be exactly as long as the dimensions say.
 */
final class Idx {

    /** An IDX array: its dimensions and its bytes. */
    record Array(int[] dims, byte[] data) {
    }

    private Idx() {
    }

    static Array read(Path file, int expectedDims) {
        if (!Files.exists(file)) {
            throw new DataException(file, "missing IDX file");
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            boolean gz = b0 == 0x1f && b1 == 0x8b;
            try (DataInputStream in = new DataInputStream(gz ? new GZIPInputStream(raw, 1 << 16) : raw)) {
                return parse(file, in, expectedDims);
            }
        } catch (ZipException e) {
            throw new DataException(file, "corrupt gzip data: " + e.getMessage(), e);
        } catch (EOFException e) {
            throw new DataException(file, "truncated: the file ends before its header or gzip stream is complete", e);
        } catch (IOException e) {
            throw new DataException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static Array parse(Path file, DataInputStream in, int expectedDims) throws IOException {
        int magic = in.readInt();
        if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xFF) != 0x08) {
            throw new DataException(file, String.format("not an IDX file of unsigned bytes: magic 0x%08X, expected "
                    + "0x000008%02X", magic, expectedDims));
        }
        int dimCount = magic & 0xFF;
        if (dimCount != expectedDims) {
            throw new DataException(file, "has " + dimCount + " dimensions, expected " + expectedDims);
        }
        int[] dims = new int[dimCount];
        long total = 1;
        for (int i = 0; i < dimCount; i++) {
            dims[i] = in.readInt();
            if (dims[i] <= 0) {
                throw new DataException(file, "dimension " + i + " is " + dims[i] + ", must be > 0");
            }
            total *= dims[i];
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new DataException(file, "dimensions " + Arrays.toString(dims) + " are too large");
        }
        byte[] data = new byte[(int) total];
        int read = in.readNBytes(data, 0, data.length);
        if (read != data.length) {
            throw new DataException(file, "truncated: dimensions " + Arrays.toString(dims) + " need " + total
                    + " data bytes, the file has " + read);
        }
        if (in.read() != -1) {
            throw new DataException(file, "corrupt: data continues past the " + total + " bytes that dimensions "
                    + Arrays.toString(dims) + " describe");
        }
        return new Array(dims, data);
    }
}
