package io.sparkhpo.driver.dashboard;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

/**
 * Debian's headless Chromium driven through its chromedriver by Selenium (no driver is downloaded: the binaries are
 * named). Every console message is kept, so a test can assert that a page logged no error.
 */
final class Browser implements AutoCloseable {

    final ChromeDriver driver;

    Browser() {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        String chromedriver = System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver");
        if (!Files.isExecutable(Path.of(chromium)) || !Files.isExecutable(Path.of(chromedriver))) {
            throw new IllegalStateException("the dashboard's browser tests need chromium and chromium-driver (Debian "
                    + "packages; bin/test installs them), or CHROMIUM and CHROMEDRIVER naming the binaries");
        }
        ChromeOptions o = new ChromeOptions();
        o.setBinary(chromium);
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1100",
                "--no-first-run", "--disable-extensions");
        o.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver))
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, o);
    }

    /** Opens {@code url} and waits until the dashboard says the view {@code view} is drawn. */
    void open(String url, String view) {
        driver.get(url);
        awaitView(view);
    }

    void awaitView(String view) {
        await("view " + view + " drawn", () -> !driver.findElements(
                By.cssSelector("main[data-view='" + view + "'][data-ready='true']")).isEmpty());
    }

    /** Polls {@code condition} every 100 ms for up to 30 s. */
    void await(String what, java.util.function.BooleanSupplier condition) {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what + " at " + driver.getCurrentUrl());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    /** The {@code data-points} of the element with this id in the current view. */
    int points(String id) {
        return Integer.parseInt(driver.findElement(By.id(id)).getAttribute("data-points"));
    }

    Object script(String js) {
        return ((JavascriptExecutor) driver).executeScript(js);
    }

    /** The console's errors since the last call (Chromium's SEVERE entries). */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::toString).toList();
    }

    void screenshot(Path file) throws java.io.IOException {
        Files.write(file, driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
