package io.sparkhpo.executors.optim;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * float32 arrays in checkpoints, in bulk: the bytes {@link DataOutput#writeFloat} writes one value at a time (big
 * endian), converted 64 KiB at a time. Writing a width-64 ResNet-18 with AdamW's state (134 MB) value by value cost
 * about a second; in bulk the copies dominate.
 */
public final class FloatIo {

    private static final int BLOCK = 1 << 14; // floats per block: 64 KiB

    private FloatIo() {
    }

    /** Writes {@code v} as {@code v.length} big-endian floats. */
    public static void write(DataOutput out, float[] v) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Math.min(v.length, BLOCK) * Float.BYTES);
        for (int from = 0; from < v.length; from += BLOCK) {
            int n = Math.min(BLOCK, v.length - from);
            b.clear();
            b.asFloatBuffer().put(v, from, n);
            out.write(b.array(), 0, n * Float.BYTES);
        }
    }

    /** Reads {@code n} big-endian floats. */
    public static float[] read(DataInput in, int n) throws IOException {
        float[] v = new float[n];
        byte[] bytes = new byte[Math.min(n, BLOCK) * Float.BYTES];
        for (int from = 0; from < n; from += BLOCK) {
            int k = Math.min(BLOCK, n - from);
            in.readFully(bytes, 0, k * Float.BYTES);
            ByteBuffer.wrap(bytes, 0, k * Float.BYTES).asFloatBuffer().get(v, from, k);
        }
        return v;
    }
}
