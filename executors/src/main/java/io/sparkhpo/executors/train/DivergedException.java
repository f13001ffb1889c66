package io.sparkhpo.executors.train;

/** Training produced a non-finite loss; thrown by a session at the first such step. */
public class DivergedException extends RuntimeException {

    private final int epoch;
    private final int iteration;

    public DivergedException(int epoch, int iteration, double loss) {
        super("loss became " + loss + " at epoch " + epoch + ", batch " + iteration);
        this.epoch = epoch;
        this.iteration = iteration;
    }

    public int epoch() {
        return epoch;
    }

    public int iteration() {
        return iteration;
    }
}
