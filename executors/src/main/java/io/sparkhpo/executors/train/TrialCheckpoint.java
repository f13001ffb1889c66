package io.sparkhpo.executors.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * The file a trial continues from between segments: {@code SPHOCKPT}, a version, the next epoch, the write's token
 * (random: which write this is, so that a live session knows whether the file is still its own), the LR
 * controller's state, the SWA average, every epoch's metrics so far, the session's own checkpoint, then a CRC-32 of
 * everything before it. The checksum is the file's own, so a torn or damaged file is refused on any file system
 * (Hadoop's local {@code .crc} side files are not used: they are a second file that cannot be renamed in the same
 * step), and the store replaces the file atomically, so a writer killed mid-write leaves the previous one.
 *
 * <p>Writing is off the training's path: {@link #start} takes the session's {@link Snapshot} (copies where its
 * arrays live) and copies of the small state, and one writer thread per JVM converts and writes them while the
 * trial trains on; {@link Pending#await} waits for the file to be complete.
 */
final class TrialCheckpoint {

    private static final long MAGIC = 0x5350484F434B5054L; // "SPHOCKPT"
    private static final int VERSION = 3;
    private static final java.util.concurrent.ExecutorService WRITER = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sparkhpo-checkpoint-writer");
        t.setDaemon(true);
        return t;
    });
    private static final java.security.SecureRandom TOKENS = new java.security.SecureRandom();

    private TrialCheckpoint() {
    }

    /** A checkpoint being written: the epoch it continues at, its token, and the write. */
    record Pending(int nextEpoch, long token, java.util.concurrent.Future<?> write) {

        /** Waits until the file is complete; what the write threw, as an {@link IOException}. */
        void await() throws IOException {
            try {
                write.get();
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable c = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
                throw c instanceof IOException io ? io : new IOException(String.valueOf(c), c);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while the checkpoint was written");
            }
        }
    }

    /** Waits until every write started so far is complete: the one writer thread takes them in order. */
    static void flush() {
        try {
            WRITER.submit(() -> { }).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts writing the trial's checkpoint as of now: the session's {@link Snapshot} and copies of the rest are taken
     * on this thread, the conversion to bytes and the write on the writer's.
     */
    static Pending start(CheckpointStore store, int nextEpoch, TrainingSession session, LrController lr, WeightAverage swa,
                         List<EpochMetrics> epochs) throws IOException {
        Snapshot snapshot = session.snapshot();
        Small small = Small.of(lr, swa, epochs);
        long token = TOKENS.nextLong();
        java.util.concurrent.Future<?> write = WRITER.submit(() -> {
            try (snapshot) {
                store.write(raw -> writeFile(raw, nextEpoch, token, small, snapshot));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return new Pending(nextEpoch, token, write);
    }

    /** Copies of a trial's state besides its session: the LR controller's, the SWA average, the epochs so far. */
    private record Small(double[] lrState, int swaCount, double[] sum, List<EpochMetrics> epochs) {
        static Small of(LrController lr, WeightAverage swa, List<EpochMetrics> epochs) {
            return new Small(lr.state().clone(), swa == null ? 0 : swa.count(),
                    swa == null || swa.sum() == null ? new double[0] : swa.sum().clone(), List.copyOf(epochs));
        }
    }

    /**
     * Gives the new trial {@code to} the state of the live trial {@code from} (whose last checkpoint has {@code token}):
     * the checkpoint's bytes made and read back in memory, so the copy equals what reading that file gives.
     */
    static void copy(LiveTrial from, long token, LiveTrial to) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Snapshot snapshot = from.session().snapshot()) {
            writeFile(bytes, from.nextEpoch(), token, Small.of(from.lr(), from.swa(), from.epochs()), snapshot);
        }
        restore(bytes.toByteArray(), from.nextEpoch(), to.session(), to.lr(), to.swa(), to.epochs());
    }

    private static void writeFile(OutputStream raw, int nextEpoch, long token, Small small, Snapshot session)
            throws IOException {
        CheckedOutputStream checked = new CheckedOutputStream(raw, new CRC32());
        DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(checked, 1 << 16));
        out.writeLong(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(nextEpoch);
        out.writeLong(token);
        writeDoubles(out, small.lrState());
        out.writeInt(small.swaCount());
        writeDoubles(out, small.sum());
        out.writeInt(small.epochs().size());
        for (EpochMetrics m : small.epochs()) {
            out.writeInt(m.epoch());
            for (double v : new double[]{m.lr(), m.weightDecay(), m.trainLoss(), m.trainError(), m.testLoss(),
                    m.testError(), m.gradNormMean(), m.gradNormMax(), m.seconds()}) {
                out.writeDouble(v);
            }
        }
        ByteArrayOutputStream sessionBytes = new ByteArrayOutputStream();
        session.writeTo(sessionBytes);
        out.writeInt(sessionBytes.size());
        sessionBytes.writeTo(out);
        out.flush();
        new DataOutputStream(raw).writeLong(checked.getChecksum().getValue());
        raw.flush();
    }

    /**
     * The token of the checkpoint in {@code store} (its header only: the store replaces files whole, so a file that is
     * there is complete), if there is one of this version.
     */
    static java.util.OptionalLong token(CheckpointStore store) {
        try {
            java.util.Optional<InputStream> raw = store.read();
            if (raw.isEmpty()) {
                return java.util.OptionalLong.empty();
            }
            try (DataInputStream in = new DataInputStream(raw.get())) {
                if (in.readLong() != MAGIC || in.readInt() != VERSION) {
                    return java.util.OptionalLong.empty();
                }
                in.readInt();
                return java.util.OptionalLong.of(in.readLong());
            }
        } catch (IOException e) {
            return java.util.OptionalLong.empty();
        }
    }

    /** The epoch the checkpoint in {@code store} continues at, if there is a readable one. */
    static java.util.OptionalInt nextEpoch(CheckpointStore store) {
        try {
            java.util.Optional<InputStream> raw = store.read();
            if (raw.isEmpty()) {
                return java.util.OptionalInt.empty();
            }
            try (InputStream in = raw.get()) {
                byte[] all = in.readAllBytes();
                if (!intact(all)) {
                    return java.util.OptionalInt.empty();
                }
                DataInputStream header = new DataInputStream(new ByteArrayInputStream(all));
                if (header.readLong() != MAGIC || header.readInt() != VERSION) {
                    return java.util.OptionalInt.empty();
                }
                return java.util.OptionalInt.of(header.readInt());
            }
        } catch (IOException e) {
            return java.util.OptionalInt.empty();
        }
    }

    /** Restores everything and appends the earlier epochs' metrics to {@code epochs}. */
    static void read(CheckpointStore store, int expectedEpoch, TrainingSession session, LrController lr, WeightAverage swa,
                     List<EpochMetrics> epochs) throws IOException {
        InputStream raw = store.read().orElseThrow(() -> new IOException("no checkpoint to continue at epoch " + (expectedEpoch + 1)));
        byte[] all;
        try (raw) {
            all = raw.readAllBytes();
        }
        restore(all, expectedEpoch, session, lr, swa, epochs);
        LiveSessions.jvm().restored();
    }

    private static void restore(byte[] all, int expectedEpoch, TrainingSession session, LrController lr, WeightAverage swa,
                                List<EpochMetrics> epochs) throws IOException {
        if (!intact(all)) {
            throw new IOException("the checkpoint is damaged (" + all.length + " bytes, its CRC-32 does not match)");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 0, all.length - Long.BYTES))) {
            if (in.readLong() != MAGIC) {
                throw new IOException("not a sparkhpo trial checkpoint");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException("checkpoint format " + version + ", this version reads " + VERSION);
            }
            int next = in.readInt();
            if (next != expectedEpoch) {
                throw new IOException("the checkpoint continues at epoch " + (next + 1) + ", the segment starts at " + (expectedEpoch + 1));
            }
            in.readLong(); // the token
            lr.restore(readDoubles(in));
            int swaCount = in.readInt();
            double[] sum = readDoubles(in);
            if (swa != null && swaCount > 0) {
                swa.restore(sum, swaCount);
            }
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                int e = in.readInt();
                double[] v = new double[9];
                for (int k = 0; k < 9; k++) {
                    v[k] = in.readDouble();
                }
                epochs.add(new EpochMetrics(e, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]));
            }
            byte[] s = in.readNBytes(in.readInt());
            session.restore(new ByteArrayInputStream(s));
        }
    }

    /** The session's own checkpoint inside a trial checkpoint file (for tests: equal sections, equal states). */
    static byte[] sessionSection(byte[] file) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(file));
        in.skipNBytes(Long.BYTES + 2 * Integer.BYTES + Long.BYTES);
        readDoubles(in);
        in.readInt();
        readDoubles(in);
        in.skipNBytes((long) in.readInt() * (Integer.BYTES + 9 * Double.BYTES));
        return in.readNBytes(in.readInt());
    }

    /** Whether {@code file} ends with the CRC-32 of the bytes before it. */
    private static boolean intact(byte[] file) {
        if (file.length < Long.BYTES + 12) {
            return false;
        }
        CRC32 crc = new CRC32();
        crc.update(file, 0, file.length - Long.BYTES);
        return java.nio.ByteBuffer.wrap(file, file.length - Long.BYTES, Long.BYTES).getLong() == crc.getValue();
    }

    private static void writeDoubles(DataOutputStream out, double[] v) throws IOException {
        out.writeInt(v.length);
        for (double d : v) {
            out.writeDouble(d);
        }
    }

    private static double[] readDoubles(DataInputStream in) throws IOException {
        double[] v = new double[in.readInt()];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readDouble();
        }
        return v;
    }
}
