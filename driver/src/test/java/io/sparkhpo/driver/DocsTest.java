package io.sparkhpo.driver;

import io.sparkhpo.executors.optim.OptimizerSpecs;
import io.sparkhpo.executors.optim.OptimizerType;
import io.sparkhpo.executors.optim.RuleParam;
import io.sparkhpo.executors.schedule.Schedules;
import io.sparkhpo.executors.train.Engines;
import io.sparkhpo.search.pruner.Pruners;
import io.sparkhpo.search.registry.Setting;
import io.sparkhpo.search.sampler.Samplers;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
            t.settings().stream().map(Setting::key).forEach(k -> need(doc, k, missing));
        }
        for (Pruners.Type t : Pruners.REGISTRY.entries()) {
            need(doc, t.name(), missing);
            t.settings().stream().map(Setting::key).forEach(k -> need(doc, k, missing));
        }
        OptimizerSpecs.NAMES.forEach(n -> need(doc, n, missing));
        for (OptimizerType t : OptimizerSpecs.TYPES) {
            t.params().stream().map(RuleParam::key).forEach(k -> need(doc, k, missing));
        }
        Schedules.NAMES.forEach(n -> need(doc, n, missing));
        Schedules.NAMES.forEach(n -> Schedules.keys(n).forEach(k -> need(doc, k, missing)));
        Engines.available().values().stream()
                .filter(e -> !e.getClass().getProtectionDomain().getCodeSource().getLocation().toString().contains("test-classes"))
                .forEach(e -> need(doc, e.name(), missing)); // not the tests' own engines
        assertEquals(List.of(), missing, "docs/config.md does not mention these registered names or keys");
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
