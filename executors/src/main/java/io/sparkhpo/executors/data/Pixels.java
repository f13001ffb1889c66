package io.sparkhpo.executors.data;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a {@link Dataset}'s values live: pixel bytes, or float features (a Parquet feature column); on the heap, or in
 * a file mapped into memory (the operating system's page cache holds what is in use, so a data set larger than the
 * heap streams from the local disk). {@link #length()} counts values.
 */
public interface Pixels {

    /** The unsigned byte at {@code offset} (pixel stores only). */
    int get(long offset);

    long length();

    /** Whether the values are on the heap. */
    boolean onHeap();

    /** Whether the values are float features rather than pixel bytes. */
    default boolean floats() {
        return false;
    }

    /** The float feature at {@code offset} (feature stores only). */
    default float value(long offset) {
        throw new UnsupportedOperationException("a pixel store has bytes");
    }

    /** Float features on the heap, or mapped from a file of big-endian floats. */
    static Pixels floats(float[] values) {
        return new Pixels() {
            @Override
            public int get(long offset) {
                throw new UnsupportedOperationException("a feature store has floats");
            }

            @Override
            public float value(long offset) {
                return values[(int) offset];
            }

            @Override
            public long length() {
                return values.length;
            }

            @Override
            public boolean onHeap() {
                return true;
            }

            @Override
            public boolean floats() {
                return true;
            }
        };
    }

    /** A file of big-endian floats, mapped read-only in pieces of at most 1 GiB. */
    static Pixels mappedFloats(Path file) throws IOException {
        long piece = 1L << 30;
        List<java.nio.FloatBuffer> parts = new ArrayList<>();
        long length;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            length = ch.size() / Float.BYTES;
            for (long at = 0; at < ch.size(); at += piece) {
                parts.add(ch.map(FileChannel.MapMode.READ_ONLY, at, Math.min(piece, ch.size() - at)).asFloatBuffer());
            }
        }
        java.nio.FloatBuffer[] p = parts.toArray(java.nio.FloatBuffer[]::new);
        long perPiece = piece / Float.BYTES;
        return new Pixels() {
            @Override
            public int get(long offset) {
                throw new UnsupportedOperationException("a feature store has floats");
            }

            @Override
            public float value(long offset) {
                return p[(int) (offset / perPiece)].get((int) (offset % perPiece));
            }

            @Override
            public long length() {
                return length;
            }

            @Override
            public boolean onHeap() {
                return false;
            }

            @Override
            public boolean floats() {
                return true;
            }
        };
    }

    static Pixels of(byte[] bytes) {
        return new Pixels() {
            @Override
            public int get(long offset) {
                return bytes[(int) offset] & 0xFF;
            }

            @Override
            public long length() {
                return bytes.length;
            }

            @Override
            public boolean onHeap() {
                return true;
            }
        };
    }

    /** The file's bytes, mapped read-only in pieces of at most 1 GiB (a mapping holds at most 2 GiB). */
    static Pixels mapped(Path file) throws IOException {
        long piece = 1L << 30;
        List<MappedByteBuffer> parts = new ArrayList<>();
        long length;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            length = ch.size();
            for (long at = 0; at < length; at += piece) {
                parts.add(ch.map(FileChannel.MapMode.READ_ONLY, at, Math.min(piece, length - at)));
            }
        }
        MappedByteBuffer[] p = parts.toArray(MappedByteBuffer[]::new);
        return new Pixels() {
            @Override
            public int get(long offset) {
                return p[(int) (offset >>> 30)].get((int) (offset & (piece - 1))) & 0xFF;
            }

            @Override
            public long length() {
                return length;
            }

            @Override
            public boolean onHeap() {
                return false;
            }
        };
    }
}
