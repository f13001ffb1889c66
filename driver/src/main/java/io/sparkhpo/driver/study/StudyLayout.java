package io.sparkhpo.driver.study;

import java.util.List;

/**
 * Every name inside a study folder ({@code study.output/study.name}): the one place that says where a sweep, the
 * analysis and a retrain put what. Tables are folders of Parquet parts, read with {@code spark.read().parquet(dir)}.
 *
 * <pre>
 * STUDY/trials/              one row per trial (the sweep)
 * STUDY/epochs/              one row per trial and epoch (the sweep)
 * STUDY/sweep.conf           the config the sweep ran with (resume and retrain read it)
 * STUDY/journal.log          the study's ask/tell journal (resume), on a local path
 * STUDY/journal/             the same on HDFS or another Hadoop file system: one file per record
 * STUDY/checkpoints/         per-trial checkpoints between segments
 * STUDY/separability/        one row per slice (analyze)
 * STUDY/analysis/            report.html and its pictures (analyze)
 * STUDY/retrain/epochs/      one row per retrained epoch (retrain)
 * STUDY/retrain/model.zip    the retrained model (retrain)
 * STUDY/lr_find/             one row per LR range test step (lr-find)
 * STUDY/lr_find.png          its plot (lr-find)
 * </pre>
 */
public final class StudyLayout {

    public static final String TRIALS = "trials";
    public static final String EPOCHS = "epochs";
    public static final String CONFIG_COPY = "sweep.conf";
    public static final String JOURNAL = "journal.log";
    /** The journal on a non-local Hadoop file system: a folder of records. */
    public static final String JOURNAL_DIR = "journal";
    public static final String CHECKPOINTS = "checkpoints";
    /** A PBT sweep's exploits (a table) and its decisions' journal (a file, or a folder of records elsewhere). */
    public static final String PBT = "pbt";
    public static final String PBT_JOURNAL = "pbt.log";
    public static final String PBT_JOURNAL_DIR = "pbt-journal";
    /** The best PBT member's lineage: the parameters in force segment by segment (JSON). */
    public static final String PBT_SCHEDULE = "pbt_schedule.json";
    public static final String SEPARABILITY = "separability";
    public static final String ANALYSIS = "analysis";
    public static final String REPORT = "report.html";
    public static final String RETRAIN = "retrain";
    /** The retrain's table, relative to the study folder. */
    public static final String RETRAIN_EPOCHS = RETRAIN + "/epochs";
    public static final String RETRAIN_MODEL = RETRAIN + "/model.zip";
    public static final String LR_FIND = "lr_find";
    public static final String LR_FIND_PLOT = "lr_find.png";

    /** What a new sweep replaces (with --overwrite) or refuses to mix with: everything a sweep and analyze write. */
    /** Where {@code compact} stages a table's new files and its old folder (TableCompactor). */
    public static final String COMPACT_STAGING = "_compact";
    public static final List<String> SWEEP_OWNED = List.of(TRIALS, EPOCHS, CONFIG_COPY, JOURNAL, JOURNAL_DIR, CHECKPOINTS,
            SEPARABILITY, ANALYSIS, PBT, PBT_JOURNAL, PBT_JOURNAL_DIR, PBT_SCHEDULE, COMPACT_STAGING);

    private StudyLayout() {
    }

    /** A trial's checkpoint file, relative to the study folder. */
    public static String checkpoint(int trial) {
        return CHECKPOINTS + "/" + String.format("trial-%05d.ckpt", trial);
    }

    /** A PBT member's checkpoint after {@code epochs} epochs (every boundary's is kept until the sweep ends). */
    public static String checkpoint(int trial, int epochs) {
        return CHECKPOINTS + "/" + String.format("trial-%05d-epoch-%04d.ckpt", trial, epochs);
    }
}
