package io.sparkhpo.executors.train;

import io.sparkhpo.executors.data.DataSpec;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;

/**
 * An engine's data-parallel training of one configuration across Spark's executors ({@code sparkhpo retrain}):
 * each worker trains its share of every epoch's minibatches and the workers' parameters (and optimizer state) are
 * averaged every {@link Plan#averagingFrequency()} steps. An engine offers it through
 * {@link TrainingEngine#dataParallel()}.
 */
public interface DataParallelTraining {

    /**
     * What to train and how it is split.
     *
     * @param workers            data-parallel workers (Spark partitions)
     * @param averagingFrequency steps each worker takes between two averagings
     * @param threads            intra-op threads per worker
     */
    record Plan(TrialSpec spec, DataSpec data, int epochs, int workers, int averagingFrequency, int threads) {

        public int batch() {
            return spec.batchSize();
        }

        /** Minibatches in one pass over the training set. */
        public int minibatches() {
            return (data.trainSize() + batch() - 1) / batch();
        }

        /** Optimizer steps per epoch on each worker: whole averaging rounds, the last one padded. */
        public int stepsPerEpoch() {
            int perRound = workers * averagingFrequency;
            return ((minibatches() + perRound - 1) / perRound) * averagingFrequency;
        }

        /** Images per averaged step: every worker's minibatch. */
        public int globalBatch() {
            return workers * batch();
        }
    }

    /** One epoch's figures, computed across the executors. */
    record EpochResult(double trainLoss, double testLoss, double testError) {
    }

    /** A data-parallel run in progress. */
    interface Run {

        /**
         * Continues from the model a previous run saved, if {@code model} holds one, under this run's plan (epochs
         * and workers may differ).
         *
         * @return the epochs the saved model had finished; 0 when there is none
         */
        int resume(CheckpointStore model) throws IOException;

        /** Trains epoch {@code epoch} (0-based) and evaluates on the test set. */
        EpochResult epoch(int epoch);

        /** Replaces the saved model (weights and optimizer state) in one step. */
        void save(CheckpointStore model) throws IOException;

        /** The test error of the model as it is. */
        double testError();
    }

    /** What the engine uses for it, for messages (e.g. {@code dl4j-spark parameter averaging}). */
    String describe();

    Run start(JavaSparkContext sc, Plan plan);
}
