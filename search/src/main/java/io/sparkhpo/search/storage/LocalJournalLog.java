package io.sparkhpo.search.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A journal in one local file, one record per line, appended and forced to disk ({@code fsync}) before a change is
 * visible; one process at a time holds it by an OS file lock.
 */
public final class LocalJournalLog implements JournalLog {

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean sync;
    /** Byte offset of the start of each line read, and of the end. */
    private final List<Long> offsets = new ArrayList<>();

    /**
     * @param sync whether each record is forced to disk before {@link #append} returns (off only for tests and benchmarks)
     * @throws IOException if the file cannot be opened, or another process (or storage) holds it
     */
    public LocalJournalLog(Path file, boolean sync) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            ch.close();
            throw new IOException(file + ": the study journal is in use by another process (or another storage in this one)");
        }
        this.file = file;
        this.channel = ch;
        this.lock = l;
        this.sync = sync;
    }

    @Override
    public String name() {
        return file.toString();
    }

    public Path file() {
        return file;
    }

    @Override
    public List<String> lines() throws IOException {
        long size = channel.size();
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE, size));
        channel.read(buf, 0);
        byte[] bytes = buf.array();
        List<String> lines = new ArrayList<>();
        offsets.clear();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                offsets.add((long) start);
                lines.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        offsets.add((long) start);
        if (start < bytes.length) { // a last line without its newline was cut short by a crash: drop it now
            channel.truncate(start);
            channel.force(true);
        }
        channel.position(start);
        return lines;
    }

    @Override
    public void dropFrom(int first) throws IOException {
        long at = offsets.get(first);
        channel.truncate(at);
        channel.force(true);
        channel.position(at);
    }

    @Override
    public void append(String line) throws IOException {
        ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            channel.write(b);
        }
        if (sync) {
            channel.force(false);
        }
    }

    /** Releases the file lock and closes the file. */
    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
        }
    }
}
