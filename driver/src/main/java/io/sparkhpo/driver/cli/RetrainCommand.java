package io.sparkhpo.driver.cli;

import io.sparkhpo.driver.retrain.Retrain;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

/** {@code sparkhpo retrain --best STUDY_DIR}: the study's best configuration trained again, data-parallel. */
@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = "Train a study's best configuration again on the whole training set, data-parallel across the "
                + "executors (DL4J Spark parameter averaging); writes STUDY_DIR/retrain/epochs and STUDY_DIR/retrain/model.zip.")
final class RetrainCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--best", required = true, description = "retrain the trial with the best objective (the only "
            + "choice for now; required so that the command says what it retrains)")
    boolean best;

    @Parameters(paramLabel = "STUDY_DIR", description = "the study folder a sweep wrote (holds sweep.conf and trials/)")
    String studyDir;

    @Option(names = "--epochs", paramLabel = "N", description = "epochs to train (default: the study's training.epochs)")
    Integer epochs;

    @Option(names = "--workers", paramLabel = "N", description = "data-parallel workers (default: the cluster's task "
            + "slots; locally, the cores)")
    Integer workers;

    @Option(names = "--averaging-frequency", paramLabel = "K", defaultValue = "5",
            description = "steps each worker takes between parameter averagings (default ${DEFAULT-VALUE})")
    int averagingFrequency;

    @Option(names = "--train-size", paramLabel = "N", description = "training examples (default: the whole training set)")
    Integer trainSize;

    @Option(names = "--test-size", paramLabel = "N", description = "test examples (default: the whole test set)")
    Integer testSize;

    @Option(names = "--resume", description = "continue an interrupted retrain from STUDY_DIR/retrain/model.zip")
    boolean resume;

    @Option(names = "--overwrite", description = "replace an earlier retrain of the study")
    boolean overwrite;

    @Override
    public Integer call() {
        OptionalInt epochsN = positive("--epochs", epochs);
        OptionalInt workersN = positive("--workers", workers);
        positive("--averaging-frequency", averagingFrequency);
        OptionalInt trainN = positive("--train-size", trainSize);
        OptionalInt testN = positive("--test-size", testSize);
        if (resume && overwrite) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--resume cannot be combined with --overwrite");
        }
        Retrain.Outcome o = Retrain.run(studyDir, new Retrain.Options(epochsN, workersN, averagingFrequency, trainN, testN,
                resume, overwrite),
                System.err);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("retrained trial %d for %d epochs: test error %.4f (the sweep's objective: %.4f)%n", o.trial(), o.epochs(),
                o.testError(), o.trialObjective());
        out.println("model: " + o.model());
        out.println("table: " + o.table());
        out.flush();
        return 0;
    }

    /** The option's value if given, checked to be >= 1. */
    private OptionalInt positive(String option, Integer value) {
        if (value == null) {
            return OptionalInt.empty();
        }
        if (value < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " must be >= 1, got " + value);
        }
        return OptionalInt.of(value);
    }
}
