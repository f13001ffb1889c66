package io.sparkhpo.executors.data;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a {@link Dataset}'s pixel bytes live: on the heap (a {@code byte[]}), or in a file mapped into memory (the
 * operating system's page cache holds what is in use, so a data set larger than the heap streams from the local disk).
 */
public interface Pixels {

    /** The unsigned byte at {@code offset}. */
    int get(long offset);

    long length();

    /** Whether the bytes are on the heap. */
    boolean onHeap();

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
