package io.sparkhpo.driver.analysis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Opens a page in Debian's headless {@code chromium} (CI installs it; {@code CHROMIUM} names another binary),
 * takes a screenshot and keeps the browser's log, where every console message appears as a
 * {@code CONSOLE(line)} entry (an uncaught script error, a failed resource load, a blocked request).
 */
record HeadlessChromium(String binary) {

    record Page(int exit, Path screenshot, List<String> console, String log) {
    }

    static HeadlessChromium find() {
        String env = System.getenv("CHROMIUM");
        for (String candidate : env != null ? List.of(env) : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                if (Files.isExecutable(Path.of(dir, candidate)) || Files.isExecutable(Path.of(candidate))) {
                    return new HeadlessChromium(Files.isExecutable(Path.of(candidate)) ? candidate : Path.of(dir, candidate).toString());
                }
            }
        }
        throw new IllegalStateException("headless Chromium is needed to open the HTML report: apt-get install -y chromium "
                + "(.ci/run does), or set CHROMIUM to a Chrome/Chromium binary");
    }

    Page open(Path html, Path workDir) throws IOException, InterruptedException {
        Path shot = workDir.resolve(html.getFileName() + ".png");
        Path profile = Files.createDirectories(workDir.resolve("chromium-profile"));
        Path log = workDir.resolve(html.getFileName() + ".log");
        Process p = new ProcessBuilder(binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                "--window-size=1400,1800", "--screenshot=" + shot, html.toUri().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish in 120 s: " + Files.readString(log));
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        List<String> console = text.lines().filter(l -> l.contains(":CONSOLE(") || l.contains("Uncaught")).toList();
        return new Page(p.exitValue(), shot, console, text);
    }
}
