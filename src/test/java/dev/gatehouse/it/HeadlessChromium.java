package dev.gatehouse.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver with a fresh profile. Both
 * paths are given explicitly, so Selenium Manager never looks for (or downloads) anything.
 * Override them with {@code -Dchromium.binary} / {@code -Dchromedriver} or the {@code
 * CHROMIUM_BINARY} / {@code CHROMEDRIVER} environment variables.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final String INSTALL_HINT =
            "the browser test needs Debian's Chromium: apt-get install chromium chromium-driver "
            + "(or point CHROMIUM_BINARY and CHROMEDRIVER at another Chromium and its matching chromedriver)";

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts the browser; fails (never skips) with an install hint when Chromium or chromedriver is missing. */
    public static HeadlessChromium start() {
        Path browser = executable("chromium.binary", "CHROMIUM_BINARY", "/usr/bin/chromium");
        Path chromedriver = executable("chromedriver", "CHROMEDRIVER", "/usr/bin/chromedriver");
        Path profile;
        try {
            profile = Files.createTempDirectory("chromium-profile");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        // The background-networking, component-update and sync switches keep Chromium from
        // calling out to Google services: on a closed network those attempts fail the start.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1400", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        return new HeadlessChromium(new ChromeDriver(service, options), profile);
    }

    /** The WebDriver of this browser. */
    public ChromeDriver driver() {
        return driver;
    }

    /** The folder for screenshots and page dumps, {@code target/docs-browser}, created if needed. */
    public static Path output() throws IOException {
        return Files.createDirectories(Path.of(System.getProperty("gatehouse.target", "target"), "docs-browser"));
    }

    /** Quits the browser and deletes its profile. */
    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                System.err.println("HeadlessChromium: profile " + profile + " left behind: " + e);
            }
        }
    }

    private static Path executable(String property, String variable, String debianDefault) {
        String configured = System.getProperty(property, System.getenv(variable));
        Path path = Path.of(configured == null || configured.isBlank() ? debianDefault : configured);
        if (!Files.isExecutable(path)) {
            throw new AssertionError(path + " is not an executable file: " + INSTALL_HINT);
        }
        return path;
    }
}
