package io.sparkhpo.driver;

import io.sparkhpo.driver.config.ConfigError;
import io.sparkhpo.driver.config.PbtReader;
import io.sparkhpo.driver.config.SweepConfigLoader;
import io.sparkhpo.executors.optim.OptimizerSpecs;
import io.sparkhpo.executors.optim.OptimizerType;
import io.sparkhpo.search.registry.Param;
import io.sparkhpo.executors.optim.SamSpec;
import io.sparkhpo.executors.schedule.Schedules;
import io.sparkhpo.executors.train.Engines;
import io.sparkhpo.search.pruner.Pruners;
import io.sparkhpo.search.registry.Param;
import io.sparkhpo.search.sampler.Samplers;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The docs follow the registries and the code: the config reference names every registered sampler, pruner,
 * optimizer, schedule and engine and every setting they take; the README stays short; no doc links to a file that
 * does not exist.
 */
class DocsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theConfigReferenceNamesEveryRegisteredComponentAndSetting() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/config.md"));
        List<String> missing = new ArrayList<>();
        for (Samplers.Type t : Samplers.REGISTRY.entries()) {
            need(doc, t.name(), missing);
            t.settings().stream().map(Param::key).forEach(k -> need(doc, k, missing));
        }
        for (Pruners.Type t : Pruners.REGISTRY.entries()) {
            need(doc, t.name(), missing);
            t.settings().stream().map(Param::key).forEach(k -> need(doc, k, missing));
        }
        OptimizerSpecs.NAMES.forEach(n -> need(doc, n, missing));
        for (OptimizerType t : OptimizerSpecs.TYPES) {
            t.params().stream().map(Param::key).forEach(k -> need(doc, k, missing));
        }
        Schedules.NAMES.forEach(n -> need(doc, n, missing));
        Schedules.NAMES.forEach(n -> Schedules.keys(n).forEach(k -> need(doc, k, missing)));
        Engines.available().values().stream()
                .filter(e -> !e.getClass().getProtectionDomain().getCodeSource().getLocation().toString().contains("test-classes"))
                .forEach(e -> need(doc, e.name(), missing)); // not the tests' own engines
        assertEquals(List.of(), missing, "docs/config.md does not mention these registered names or keys");
    }

    /**
     * The generated blocks of docs/config.md ({@link ConfigReference}) are what the declarations give today:
     * a rule, key or default changed in the code and not in the doc (or the other way) fails here.
     * {@code mvn -pl driver test -Dtest=DocsTest -Dsparkhpo.docs.write=true} rewrites them.
     */
    @Test
    void theGeneratedBlocksOfTheDocsMatchTheDeclarations() throws IOException {
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> doc : ConfigReference.blocks().entrySet()) {
            Path file = ROOT.resolve(doc.getKey());
            String updated = Files.readString(file);
            for (Map.Entry<String, String> e : doc.getValue().entrySet()) {
                String begin = ConfigReference.begin(e.getKey());
                String end = ConfigReference.end(e.getKey());
                int i = updated.indexOf(begin);
                int j = updated.indexOf(end);
                assertTrue(i >= 0 && j > i, doc.getKey() + " lacks the generated block " + begin + " ... " + end);
                String now = updated.substring(i + begin.length() + 1, j);
                if (!now.equals(e.getValue())) {
                    stale.add(e.getKey() + ":\n--- in " + doc.getKey() + "\n" + now + "--- from the declarations\n" + e.getValue());
                }
                updated = updated.substring(0, i + begin.length() + 1) + e.getValue() + updated.substring(j);
            }
            if (Boolean.getBoolean("sparkhpo.docs.write")) {
                Files.writeString(file, updated);
            }
        }
        if (!Boolean.getBoolean("sparkhpo.docs.write")) {
            assertEquals(List.of(), stale, "generated blocks of the docs differ from the declarations; rewrite them "
                    + "with mvn -pl driver test -Dtest=DocsTest -Dsparkhpo.docs.write=true and commit the result");
        }
    }

    /**
     * Every key the sweep config's loader accepts in its own sections has a row in docs/config.md's reference table
     * (the registries' keys are checked above): the loader is asked, by an unknown key in each section, which keys
     * that section takes.
     */
    @Test
    void everyKeyTheSweepConfigTakesHasARowInTheConfigReference() throws IOException {
        String base = Files.readString(ROOT.resolve("conf/quickstart.conf"));
        Set<String> rows = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| ([^|]+) \\|").matcher(Files.readString(ROOT.resolve("docs/config.md")));
        while (row.find()) {
            Matcher key = Pattern.compile("`([a-z_.]+)`").matcher(row.group(1));
            while (key.find()) {
                rows.add(key.group(1));
            }
        }
        Set<String> subSections = Set.of("training.swa", "search.pbt"); // rows for their keys, checked exactly below
        List<String> missing = new ArrayList<>();
        for (String section : List.of("study", "data", "model", "training", "training.swa", "optimizer", "search")) {
            for (String k : keysOf(base, section)) {
                String full = section + "." + k;
                boolean inTables = section.equals("optimizer") && (OptimizerSpecs.allKeys().contains(k) || SamSpec.KEYS.contains(k));
                if (!inTables && !rows.contains(full) && !(subSections.contains(full) && rows.stream().anyMatch(r -> r.startsWith(full + ".")))) {
                    missing.add(full);
                }
            }
        }
        PbtReader.KEYS.stream().map(k -> "search.pbt." + k).filter(k -> !rows.contains(k)).forEach(missing::add);
        String doc = Files.readString(ROOT.resolve("docs/config.md"));
        int sam = doc.indexOf("### Sharpness-aware minimization");
        String samSection = doc.substring(sam, doc.indexOf("\n### ", sam + 1));
        SamSpec.KEYS.stream().filter(k -> !samSection.contains("`" + k + "`") && !samSection.contains(k + " = "))
                .map(k -> "optimizer." + k + " (SAM's section)").forEach(missing::add);
        assertEquals(List.of(), missing, "keys the loader takes that docs/config.md's reference table has no row for");
    }

    /** The keys the loader allows in {@code section}, as its error for an unknown key lists them. */
    private static List<String> keysOf(String base, String section) {
        String probe = base + "\n" + section + ".zz_no_such_key = 1\n";
        ConfigError e = assertThrows(ConfigError.class, () -> SweepConfigLoader.parse("probe.conf", probe));
        Matcher m = Pattern.compile("unknown key " + Pattern.quote(section) + "\\.zz_no_such_key \\(" + Pattern.quote(section)
                + " takes \\[([^]]*)]\\)").matcher(e.getMessage());
        assertTrue(m.find(), e.getMessage());
        return List.of(m.group(1).split(", "));
    }

    @Test
    void theReadmeIsShortAndEveryLocalLinkResolves() throws IOException {
        assertTrue(Files.size(ROOT.resolve("README.md")) <= 15_000, "README.md at most 15,000 bytes");
        Pattern link = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)\\s]*)?\\)");
        List<String> broken = new ArrayList<>();
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("search/README.md"),
                ROOT.resolve("notebooks/README.md")));
        try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).forEach(docs::add);
        }
        for (Path d : docs) {
            Matcher m = link.matcher(Files.readString(d));
            while (m.find()) {
                String target = m.group(1);
                if (!target.startsWith("http") && !Files.exists(d.getParent().resolve(target))) {
                    broken.add(ROOT.relativize(d) + " -> " + target);
                }
            }
        }
        assertEquals(List.of(), broken, "links to files that do not exist");
    }

    private static void need(String doc, String word, List<String> missing) {
        if (!doc.contains("`" + word + "`") && !Pattern.compile("\\b" + Pattern.quote(word) + "\\b").matcher(doc).find()) {
            missing.add(word);
        }
    }
}
