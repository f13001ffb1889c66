package io.sparkhpo.driver.sweep;

import io.sparkhpo.driver.builtin.TrialFactory;
import io.sparkhpo.driver.runtime.PbtJournal;

import io.sparkhpo.driver.config.SweepConfig;
import io.sparkhpo.driver.study.StudyLayout;
import io.sparkhpo.driver.tables.ParquetTableWriter;
import io.sparkhpo.driver.tables.StudyTables;
import io.sparkhpo.search.json.Json;
import io.sparkhpo.search.pbt.Pbt;
import io.sparkhpo.search.study.Study;
import io.sparkhpo.search.trial.Trial;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A PBT sweep from the sweep runner's side: the population (the study's trials, the sampler's draws), the loop, then
 * the {@code pbt} table of exploits, the best member's schedule ({@code pbt_schedule.json}) and the checkpoints'
 * removal.
 */
final class PbtSweep {

    private PbtSweep() {
    }

    /** @return why the sweep stopped before the population ended (as {@link Dispatcher#stopReason}); empty if it did not */
    static java.util.Optional<String> run(SweepConfig cfg, Pbt.Settings settings, Study study, Dispatcher dispatcher, TrialFactory factory,
                    String dir, Configuration hadoop, Progress progress, ParquetTableWriter writer, int parallelism,
                    PrintStream err, Consumer<Dispatcher.Finished> onFinish) {
        Set<Integer> finished = new HashSet<>();
        List<Trial> population = new ArrayList<>();
        study.trials().stream().filter(t -> t.state().isFinished()).forEach(t -> {
            finished.add(t.number());
            population.add(new Trial(t.number(), t.params()));
        });
        while (population.size() < settings.population()) {
            population.add(study.ask()); // a resumed sweep's interrupted members first, then new ones
        }
        population.sort(java.util.Comparator.comparingInt(Trial::number));
        err.printf("sparkhpo: pbt: %d members, %s every %d epoch(s): the bottom %.0f%% take a top member's checkpoint "
                        + "and explore %s (%s)%n", settings.population(),
                settings.synchronous() ? "synchronous generations" : "asynchronous exploits", settings.interval(),
                100 * settings.quantileFraction(), settings.mutations(), settings.pb2()
                        ? "PB2: a GP bandit's upper confidence bound, perturbation until it has 3 observations"
                        : String.format(java.util.Locale.ROOT, "factors %s, resampled with probability %.2f",
                        settings.factors(), settings.resampleProbability()));
        try (PbtJournal journal = PbtJournal.open(dir, hadoop)) {
            PbtLoop loop = new PbtLoop(new Pbt(settings, cfg.space()), dispatcher, factory::spec, journal, dir, hadoop,
                    progress, cfg.training().epochs(), err);
            loop.run(population, finished, Math.min(parallelism, settings.population()), onFinish);
            writer.append(StudyTables.PBT, "exploits", journal.exploits(cfg.study().name()));
            if (loop.stopReason().isPresent()) {
                return loop.stopReason(); // the checkpoints stay: the same command resumes the population
            }
            loop.bestSchedule().ifPresent(s -> write(new Path(dir, StudyLayout.PBT_SCHEDULE), Json.write(s), hadoop));
            loop.deleteCheckpoints();
            return java.util.Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the PBT journal: " + e.getMessage(), e);
        }
    }

    private static void write(Path p, String text, Configuration conf) {
        try (FSDataOutputStream out = p.getFileSystem(conf).create(p, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + p + ": " + e.getMessage(), e);
        }
    }
}
