package io.sparkhpo.driver.analysis;

import io.sparkhpo.driver.cli.CliRun;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small grid sweep (Adam with L2 vs decoupled weight decay, 3 × 3 α × λ each, real Fashion-MNIST) analyzed at
 * its end: the separability table agrees with the trials table, the pictures are real PNG and SVG, and the report
 * opens in headless Chromium without a console message.
 */
class AnalysisEndToEndTest {

    @TempDir
    Path dir;

    private Path config(String body) throws IOException {
        Path f = dir.resolve("grid.conf");
        Files.writeString(f, "study { name = grid, output = \"" + dir.resolve("runs") + "\" }\nspark { ui.enabled = false }\n" + body);
        return f;
    }

    @Test
    void aGridSweepIsAnalyzedIntoTablesPicturesAndAReport() throws Exception {
        Path conf = config("""
                data { name = fashion-mnist, train_size = 300, test_size = 200 }
                model { width = 2 }
                training { epochs = 2, batch_size = 50, seed = 5 }
                optimizer { name = adam }
                schedule { name = cosine }
                search { sampler = grid, parallelism = 2 }
                space {
                  weight_decay_mode { type = categorical, values = [l2, decoupled] }
                  lr { type = float, low = 0.001, high = 0.016, log = true, points = 3 }
                  weight_decay { type = float, low = 0.0001, high = 0.0256, log = true, points = 3 }
                }
                """);
        CliRun run = CliRun.of("sweep", "--config", conf.toString());
        assertEquals(0, run.exit(), run.err());
        Path study = dir.resolve("runs/grid");
        Path analysis = study.resolve("analysis");
        assertTrue(run.out().contains("report: " + analysis.resolve("report.html")), run.out());
        assertTrue(run.err().contains("sparkhpo: analysis: Adam (l2), cosine"), run.err());
        assertTrue(run.err().contains("sparkhpo: analysis: AdamW (decoupled), cosine"), run.err());

        SparkSession spark = SparkSession.builder().master("local[1]").appName("check").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        try {
            List<Row> sep = spark.read().parquet(study.resolve("separability").toString()).orderBy("weight_decay_mode").collectAsList();
            assertEquals(2, sep.size());
            for (Row r : sep) {
                String mode = r.getAs("weight_decay_mode");
                assertEquals("grid", r.getAs("method"));
                assertEquals(9, (int) r.<Integer>getAs("cells"));
                assertEquals(3, (int) r.<Integer>getAs("ridge_points"));
                double share = r.getAs("interaction_share");
                assertTrue(share >= 0 && share <= 1, mode + " share " + share);
                assertNotNull(r.getAs("ridge_slope"));
                double parts = r.<Double>getAs("importance_lr") + r.<Double>getAs("importance_wd") + r.<Double>getAs("importance_interaction");
                assertEquals(1, parts, 1e-9);
                Row best = spark.read().parquet(study.resolve("trials").toString())
                        .where("state = 'COMPLETE' and weight_decay_mode = '" + mode + "'").orderBy("final_test_error").first();
                assertEquals(best.<Double>getAs("final_test_error"), r.<Double>getAs("best_test_error"), 1e-12, mode + ": the best cell is the best trial");
                assertEquals(best.<Integer>getAs("trial"), r.<Integer>getAs("best_trial"));
                String top = r.getAs("top10");
                assertEquals(9 - (int) r.<Integer>getAs("missing_cells"), top.split("\"trial\"").length - 1, top);
            }
        } finally {
            spark.stop();
        }

        BufferedImage heat = ImageIO.read(analysis.resolve("heatmaps.png").toFile());
        assertEquals(2 * 520, heat.getWidth(), "two panels side by side");
        assertEquals(480, heat.getHeight());
        assertTrue(distinctColours(heat) > 20, "a drawn picture, not a blank one");
        DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
        xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false); // the SVG DTD is online
        for (String svg : List.of("heatmaps.svg", "curves.svg", "schedules.svg")) {
            var doc = xml.newDocumentBuilder().parse(analysis.resolve(svg).toFile());
            assertEquals("svg", doc.getDocumentElement().getTagName(), svg);
        }
        for (String png : List.of("curves.png", "schedules.png")) {
            assertNotNull(ImageIO.read(analysis.resolve(png).toFile()), png);
        }
        String html = Files.readString(analysis.resolve("report.html"));
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.trim().endsWith("</html>"));
        assertTrue(html.contains("Adam (l2), cosine") && html.contains("AdamW (decoupled), cosine"));
        assertEquals(3, html.split("src=\"data:image/png;base64,").length - 1, "heatmaps, curves and schedules inline");
        assertFalse(html.contains("src=\"http") || html.contains("<script src") || html.contains("href=\"http"),
                "nothing fetched: opens offline");
        assertTrue(html.contains("id=\"report-data\"") && html.contains("echarts"), "the dashboard's charts, inline");

        HeadlessChromium chromium = HeadlessChromium.find();
        HeadlessChromium.Page page = chromium.open(analysis.resolve("report.html"), dir);
        assertEquals(0, page.exit(), page.log());
        assertEquals(List.of(), page.console(), "console messages while opening the report");
        BufferedImage shot = ImageIO.read(page.screenshot().toFile());
        assertNotNull(shot, "a screenshot: " + page.log());
        assertTrue(distinctColours(shot) > 20, "the screenshot shows the report");
    }

    /** The console check can fail: a page with a script error is caught. */
    @Test
    void theChromiumCheckSeesAConsoleError() throws Exception {
        Path bad = dir.resolve("bad.html");
        Files.writeString(bad, "<!DOCTYPE html><html><body><p>x</p><script>notDefinedAnywhere();</script></body></html>");
        HeadlessChromium.Page page = HeadlessChromium.find().open(bad, dir);
        assertFalse(page.console().isEmpty(), page.log());
        assertTrue(page.console().stream().anyMatch(l -> l.contains("notDefinedAnywhere")), page.console().toString());
    }

    @Test
    void analyzingAFolderWithoutTablesNamesIt() {
        CliRun run = CliRun.of("analyze", dir.resolve("nothing-here").toString());
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains(dir.resolve("nothing-here").resolve("trials").toString()), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace");
    }

    private static int distinctColours(BufferedImage img) {
        Set<Integer> c = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                c.add(img.getRGB(x, y));
            }
        }
        return c.size();
    }
}
