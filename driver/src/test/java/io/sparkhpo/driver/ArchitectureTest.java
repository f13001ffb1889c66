package io.sparkhpo.driver;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The architecture's rules, checked on the compiled main classes of all three modules (search, executors, driver):
 * no package depends on itself through others; the search library stays free of Spark and the engines; only the
 * engines' own packages touch DL4J/ND4J or DJL, and the driver reaches the engines only through
 * {@code executors.train}'s interfaces; the analysis does not depend on the sweep; the sweep's path (config, sweep,
 * tables, analysis, retrain, lr-find) does not depend on the benchmarks or the local test cluster. docs/architecture.md explains them.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // main classes only: the modules' target/classes or jars, not test classes nor the executors' test jar
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.sparkhpo");
        if (classes.stream().map(c -> c.getPackageName().split("\\.")[2]).distinct().count() < 4) {
            throw new IllegalStateException("expected the classes of api, search, executors and driver");
        }
    }

    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("io.sparkhpo.(**)").should().beFreeOfCycles();

    static final ArchRule SEARCH_IS_PURE = noClasses().that().resideInAPackage("io.sparkhpo.search..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..",
                    "org.deeplearning4j..", "org.nd4j..", "ai.djl..", "io.sparkhpo.executors..", "io.sparkhpo.driver..");

    static final ArchRule ONLY_THE_DL4J_ENGINE_TOUCHES_DL4J = noClasses().that()
            .resideOutsideOfPackage("io.sparkhpo.executors.train.dl4j..")
            .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..");

    static final ArchRule ONLY_THE_DJL_ENGINE_TOUCHES_DJL = noClasses().that()
            .resideOutsideOfPackage("io.sparkhpo.executors.train.djl..")
            .should().dependOnClassesThat().resideInAnyPackage("ai.djl..");

    static final ArchRule THE_DRIVER_IMPORTS_NO_ENGINE = noClasses().that().resideInAPackage("io.sparkhpo.driver..")
            .should().dependOnClassesThat().resideInAnyPackage("io.sparkhpo.executors.train.dl4j..",
                    "io.sparkhpo.executors.train.djl..");

    static final ArchRule ANALYSIS_DOES_NOT_DEPEND_ON_THE_SWEEP = noClasses().that()
            .resideInAPackage("io.sparkhpo.driver.analysis..")
            .should().dependOnClassesThat().resideInAnyPackage("io.sparkhpo.driver.sweep..", "io.sparkhpo.driver.retrain..",
                    "io.sparkhpo.driver.lrfind..", "io.sparkhpo.driver.cli..", "io.sparkhpo.driver.bench..");

    static final ArchRule THE_SWEEP_PATH_HAS_NO_BENCHMARKS = noClasses().that().resideInAnyPackage(
                    "io.sparkhpo.driver.sweep..", "io.sparkhpo.driver.config..", "io.sparkhpo.driver.analysis..",
                    "io.sparkhpo.driver.tables..", "io.sparkhpo.driver.retrain..", "io.sparkhpo.driver.lrfind..")
            .should().dependOnClassesThat().resideInAnyPackage("io.sparkhpo.driver.bench..", "io.sparkhpo.driver.cluster..");

    static final ArchRule THE_API_DEPENDS_ON_NOTHING_OF_OURS = noClasses().that().resideInAPackage("io.sparkhpo.api..")
            .should().dependOnClassesThat().resideInAnyPackage("io.sparkhpo.search..", "io.sparkhpo.executors..",
                    "io.sparkhpo.driver..", "org.apache..", "org.deeplearning4j..", "org.nd4j..", "ai.djl..");

    /** The dashboard reads the tables with parquet-hadoop: a study is served without a Spark session. */
    static final ArchRule THE_DASHBOARD_NEEDS_NO_SPARK_SQL = noClasses().that().resideInAPackage("io.sparkhpo.driver.dashboard..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark.sql..");

    @Test
    void theDashboardNeedsNoSparkSql() {
        THE_DASHBOARD_NEEDS_NO_SPARK_SQL.check(classes);
    }

    @Test
    void theApiDependsOnNothingOfOursNorSparkNorEngines() {
        THE_API_DEPENDS_ON_NOTHING_OF_OURS.check(classes);
    }

    @Test
    void noPackageCycles() {
        NO_PACKAGE_CYCLES.check(classes);
    }

    @Test
    void searchImportsNoSparkNoEngines() {
        SEARCH_IS_PURE.check(classes);
    }

    @Test
    void onlyTheEnginePackagesImportTheirLibraries() {
        ONLY_THE_DL4J_ENGINE_TOUCHES_DL4J.check(classes);
        ONLY_THE_DJL_ENGINE_TOUCHES_DJL.check(classes);
    }

    @Test
    void theDriverImportsNoEnginePackage() {
        THE_DRIVER_IMPORTS_NO_ENGINE.check(classes);
    }

    @Test
    void theSweepPathHasNoBenchmarksAndNoTestCluster() {
        THE_SWEEP_PATH_HAS_NO_BENCHMARKS.check(classes);
    }

    @Test
    void analysisDoesNotDependOnTheSweep() {
        ANALYSIS_DOES_NOT_DEPEND_ON_THE_SWEEP.check(classes);
    }
}
