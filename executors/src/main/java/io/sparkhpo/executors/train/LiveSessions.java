package io.sparkhpo.executors.train;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The trials an executor JVM keeps open between their segments: a trial that stops after writing its checkpoint (the
 * end of a segment, a PBT boundary) leaves its live state here, and its next segment, if it runs in this JVM,
 * continues from memory instead of opening a session and reading the checkpoint back. The checkpoint is still
 * written (on another thread, {@link TrialCheckpoint}); a live state is used only when the trial's checkpoint is the
 * one it wrote (its token), so a checkpoint that someone else replaced (PBT's exploit copies another member's) or a
 * state that was never written wins over memory. A trial whose checkpoint is a copy of another's (PBT's exploit) that
 * this JVM keeps live copies that state in memory instead of reading the file ({@link #takeWritten}). Bounded: at most {@link #maxSessions()} states and
 * {@link #maxBytes()} bytes of their estimated size (parameters, statistics and optimizer state), the least recently
 * kept closed first. {@code sparkhpo.sessions.max} (default 2; 0 turns the cache off) and {@code sparkhpo.sessions.bytes}
 * (default 4 GiB) set the bounds, as JVM properties or through {@link #configure}.
 */
public final class LiveSessions {

    private static final Logger LOG = LoggerFactory.getLogger(LiveSessions.class);
    private static final LiveSessions JVM = new LiveSessions();

    /** The bounds from the JVM's properties (or the defaults) again. */
    public void reset() {
        configure(Integer.getInteger("sparkhpo.sessions.max", 2), Long.getLong("sparkhpo.sessions.bytes", 4L << 30));
    }

    /** A trial in a study. */
    public record Key(String study, int trial) {
    }

    private final Map<Key, LiveTrial> kept = new LinkedHashMap<>(16, 0.75f, true);
    private int maxSessions;
    private long maxBytes;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong restores = new AtomicLong();
    private final AtomicLong evicted = new AtomicLong();
    private final AtomicLong copies = new AtomicLong();

    private LiveSessions() {
        reset();
    }

    /** This JVM's cache. */
    public static LiveSessions jvm() {
        return JVM;
    }

    /** Sets the bounds (closing what no longer fits). */
    public void configure(int maxSessions, long maxBytes) {
        if (maxSessions < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("live sessions: bounds must be >= 0, got " + maxSessions + ", " + maxBytes);
        }
        List<LiveTrial> closing;
        synchronized (this) {
            this.maxSessions = maxSessions;
            this.maxBytes = maxBytes;
            closing = evict();
        }
        closing.forEach(LiveTrial::close);
    }

    /** The live state of {@code key}, removed from the cache (the caller owns it now), if there is one. */
    synchronized Optional<LiveTrial> take(Key key) {
        return Optional.ofNullable(kept.remove(key));
    }

    /**
     * The kept state whose last checkpoint, complete and of the state as it is now, has {@code token}, removed from
     * the cache (the caller puts it back with {@link #keep}): a checkpoint with that token elsewhere is a copy of it
     * (PBT's exploit copies a member's checkpoint into another's place).
     */
    synchronized Optional<LiveTrial> takeWritten(long token) {
        for (Map.Entry<Key, LiveTrial> e : kept.entrySet()) {
            if (e.getValue().wrote(token)) {
                return Optional.of(kept.remove(e.getKey()));
            }
        }
        return Optional.empty();
    }

    /** Keeps {@code trial} for its next segment, or closes it when the cache is off or it alone is too large. */
    void keep(LiveTrial trial) {
        List<LiveTrial> closing = new ArrayList<>();
        synchronized (this) {
            if (maxSessions == 0 || trial.bytes() > maxBytes) {
                closing.add(trial);
            } else {
                LiveTrial old = kept.put(trial.key(), trial);
                if (old != null && old != trial) {
                    closing.add(old);
                }
                closing.addAll(evict());
            }
        }
        closing.forEach(LiveTrial::close);
    }

    /** Removes the least recently kept states until the rest fit; the caller closes them, outside the lock. */
    private List<LiveTrial> evict() {
        List<LiveTrial> out = new ArrayList<>();
        long bytes = kept.values().stream().mapToLong(LiveTrial::bytes).sum();
        Iterator<LiveTrial> it = kept.values().iterator();
        while (it.hasNext() && (kept.size() > maxSessions || bytes > maxBytes)) {
            LiveTrial t = it.next();
            it.remove();
            bytes -= t.bytes();
            evicted.incrementAndGet();
            LOG.info("{}: its live session is closed to make room (it continues from its checkpoint)", t.label());
            out.add(t);
        }
        return out;
    }

    /** Closes the kept state of {@code key} (its trial is over), if there is one. */
    public void drop(Key key) {
        take(key).ifPresent(LiveTrial::close);
    }

    /** Closes the kept states of {@code study}'s trials (its sweep is over). */
    public void dropStudy(String study) {
        List<LiveTrial> closing = new ArrayList<>();
        synchronized (this) {
            kept.entrySet().removeIf(e -> e.getKey().study().equals(study) && closing.add(e.getValue()));
        }
        closing.forEach(LiveTrial::close);
    }

    /** Closes every kept state. */
    public void clear() {
        List<LiveTrial> closing;
        synchronized (this) {
            closing = new ArrayList<>(kept.values());
            kept.clear();
        }
        closing.forEach(LiveTrial::close);
    }

    synchronized int size() {
        return kept.size();
    }

    void hit() {
        hits.incrementAndGet();
    }

    void restored() {
        restores.incrementAndGet();
    }

    void copied() {
        copies.incrementAndGet();
    }

    /**
     * Segments that continued from their own live state, from a checkpoint read back, states closed to make room, and
     * segments that continued from a copy of another trial's live state (PBT's exploit), so far.
     */
    public Stats stats() {
        return new Stats(hits.get(), restores.get(), evicted.get(), copies.get());
    }

    public record Stats(long hits, long restores, long evicted, long copies) {
    }
}
