package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A person at the browser, for the console and account pages: finds what is on the screen the
 * way a person or a screen reader does — a field by the text of its label, a control by its role
 * and accessible name as Chromium computes them — never by CSS class or layout. Also what the
 * browser tests check on every screen: axe-core's verdict, Content-Security-Policy violations,
 * what the page sent to the server, and screenshots at 1440 and 360 px under {@code target/browser/}.
 * One instance drives one headless Chromium for a whole test class.
 */
final class Visitor implements AutoCloseable {

    /** Width of the desktop screenshots. */
    static final int WIDE = 1440;
    /** Width of the phone screenshots. */
    static final int NARROW = 360;
    /** The time zone the browser is told it lives in, far from UTC so a UTC time shown as is would show. */
    static final String TIME_ZONE = "Asia/Kolkata";

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final String AXE = axeSource();

    /**
     * Runs in every document before the page's own scripts (DevTools scripts are not subject to the
     * page's CSP): records CSP violations, uncaught errors and every request the page makes with fetch.
     */
    private static final String RECORDER = """
            window.__visitor = {violations: [], calls: [], errors: []};
            addEventListener('error', e => window.__visitor.errors.push(String(e.message)));
            addEventListener('unhandledrejection', e => window.__visitor.errors.push('unhandled rejection: ' + String(e.reason)));
            document.addEventListener('securitypolicyviolation', e => window.__visitor.violations.push(
                e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));
            const originalFetch = window.fetch;
            window.fetch = function (input, init) {
                const request = input instanceof Request ? input : null;
                window.__visitor.calls.push({
                    method: ((init && init.method) || (request && request.method) || 'GET').toUpperCase(),
                    url: new URL(request ? request.url : String(input), location.href).href});
                return originalFetch.apply(this, arguments);
            };
            """;

    private final HeadlessChromium chromium;
    private final ChromeDriver driver;
    private final WebDriverWait wait;
    private final URI base;
    private final Path output;
    private final Path downloads;

    private Visitor(HeadlessChromium chromium, URI base, Path output) throws IOException {
        this.chromium = chromium;
        this.driver = chromium.driver();
        this.base = base;
        this.output = output;
        this.downloads = Files.createDirectories(output.resolve("downloads"));
        this.wait = new WebDriverWait(driver, PATIENCE, Duration.ofMillis(50));
        wait.ignoring(StaleElementReferenceException.class);
        driver.manage().window().setSize(new Dimension(WIDE, 1000));
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", RECORDER));
        driver.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", TIME_ZONE));
        driver.executeCdpCommand("Emulation.setLocaleOverride", Map.of("locale", "en-US"));
        driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow",
                "downloadPath", downloads.toAbsolutePath().toString()));
        driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", base.toString(),
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
    }

    /** Starts Chromium for the server at {@code base}; fails (never skips) when Chromium is missing. */
    static Visitor start(URI base) throws IOException {
        Path output = Files.createDirectories(Path.of(System.getProperty("gatehouse.target", "target"), "browser"));
        return new Visitor(HeadlessChromium.start(), base, output);
    }

    /** The folder of screenshots, reports and downloads, {@code target/browser}. */
    Path output() {
        return output;
    }

    /** Where the browser saves downloads. */
    Path downloads() {
        return downloads;
    }

    /** The WebDriver, for what this class does not cover. */
    ChromeDriver driver() {
        return driver;
    }

    // ---- going places -----------------------------------------------------------------------------

    /** Opens {@code path} (with its query) on the server: a new document, so a new, signed-out page. */
    void open(String path) {
        driver.get(base.resolve(path).toString());
        wait.until(d -> "complete".equals(js("return document.readyState")));
    }

    /** The address bar's path and query. */
    String location() {
        URI now = URI.create(driver.getCurrentUrl());
        return now.getRawPath() + (now.getRawQuery() == null ? "" : "?" + now.getRawQuery())
                + (now.getRawFragment() == null ? "" : "#" + now.getRawFragment());
    }

    /** Reloads the page, as the browser's reload button does. */
    void reload() {
        driver.navigate().refresh();
        wait.until(d -> "complete".equals(js("return document.readyState")));
    }

    // ---- finding things as a person does ------------------------------------------------------------

    /** The control labelled {@code label} (a label element whose text is exactly that), once visible. */
    WebElement field(String label) {
        return field(driver, label);
    }

    /** The control labelled {@code label} inside {@code scope}. */
    WebElement field(SearchContext scope, String label) {
        WebElement control = until("a field labelled '" + label + "'", d -> {
            for (WebElement candidate : scope.findElements(By.xpath(".//label[normalize-space(.)=" + literal(label) + "]"))) {
                if (!candidate.isDisplayed()) {
                    continue;
                }
                String id = candidate.getDomAttribute("for");
                List<WebElement> labelled = id == null ? candidate.findElements(By.xpath(".//input|.//select|.//textarea"))
                        : driver.findElements(By.id(id));
                if (!labelled.isEmpty() && labelled.get(0).isDisplayed()) {
                    return labelled.get(0);
                }
            }
            return null;
        });
        String name = control.getAccessibleName();
        assertTrue(name.startsWith(label), () -> "the control labelled '" + label + "' is named '" + name + "' for a screen reader");
        return control;
    }

    /** The visible element of {@code role} whose accessible name is exactly {@code name}. */
    WebElement role(String role, String name) {
        return role(driver, role, name);
    }

    /** The visible element of {@code role} named {@code name} inside {@code scope}. */
    WebElement role(SearchContext scope, String role, String name) {
        return new WebDriverWait(driver, PATIENCE, Duration.ofMillis(50)).withMessage(() -> "no " + role + " named '" + name + "'")
                .ignoring(StaleElementReferenceException.class).until(d -> findRole(scope, role, name));
    }

    /** The region (a section named by its heading) called {@code name}: the scope for fields that repeat on a page. */
    WebElement region(String name) {
        return role("region", name);
    }

    /** True when a visible element of {@code role} named {@code name} is on the screen now (no waiting). */
    boolean offers(String role, String name) {
        return findRole(driver, role, name) != null;
    }

    /** True when a field labelled {@code label} is on the screen now (no waiting). */
    boolean hasField(String label) {
        return driver.findElements(By.xpath("//label[normalize-space(.)=" + literal(label) + "]")).stream()
                .anyMatch(WebElement::isDisplayed);
    }

    /** A button by its accessible name. */
    WebElement button(String name) {
        return role("button", name);
    }

    /** A link by its accessible name. */
    WebElement link(String name) {
        return role("link", name);
    }

    /** Waits for a heading with exactly this text; answers it. */
    WebElement heading(String name) {
        return role("heading", name);
    }

    /** The open modal dialog named {@code title}. */
    WebElement dialog(String title) {
        return role("dialog", title);
    }

    /** The table whose caption starts with {@code captionStart}. */
    WebElement table(String captionStart) {
        return wait.until(d -> driver.findElements(By.xpath("//table[caption[starts-with(normalize-space(.), "
                + literal(captionStart) + ")]]")).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    /** The row of {@code table} with a cell whose text is exactly {@code cellText}. */
    WebElement row(WebElement table, String cellText) {
        return wait.until(d -> table.findElements(By.xpath(".//tbody/tr[td[normalize-space(.)=" + literal(cellText) + "]]"))
                .stream().findFirst().orElse(null));
    }

    /** Every body row of {@code table}, each as its cells' rendered texts (read in one round trip). */
    @SuppressWarnings("unchecked")
    List<List<String>> rows(WebElement table) {
        List<List<String>> cells = (List<List<String>>) js("return [...arguments[0].tBodies].flatMap(body => [...body.rows])"
                + ".map(row => [...row.cells].map(cell => cell.innerText))", table);
        List<List<String>> rows = new ArrayList<>();
        for (List<String> row : cells) {
            rows.add(row.stream().map(Visitor::normal).toList());
        }
        return rows;
    }

    /** The description of {@code control}: the texts its aria-describedby names (hints, errors). */
    String description(WebElement control) {
        String ids = control.getDomAttribute("aria-describedby");
        if (ids == null || ids.isBlank()) {
            return "";
        }
        List<String> texts = new ArrayList<>();
        for (String id : ids.trim().split("\\s+")) {
            driver.findElements(By.id(id)).forEach(e -> texts.add(e.getText().strip()));
        }
        return String.join(" ", texts);
    }

    /** Waits until the main region shows {@code text} (whitespace normalised) and answers it. */
    String shows(String text) {
        return until("the screen to show '" + text + "'", d -> normal(driver.findElement(By.id("main")).getText()).contains(text)
                ? text : null);
    }

    /** The definition of {@code term} in a description list (dt/dd) on the screen. */
    String definition(String term) {
        return wait.until(d -> driver.findElements(By.xpath("//dt[normalize-space(.)=" + literal(term)
                + "]/following-sibling::dd[1]")).stream().filter(WebElement::isDisplayed).findFirst().orElse(null)).getText().strip().replace('\u202f', ' ').replace('\u00a0', ' ');
    }

    /** Waits until an alert on the screen says {@code text} (exactly, once whitespace is normalised) and answers it. */
    String alert(String text) {
        return message("alert", text);
    }

    /** Waits until a status message on the screen contains {@code text}; answers the message. */
    String status(String text) {
        return message("status", text);
    }

    private String message(String role, String text) {
        return new WebDriverWait(driver, PATIENCE, Duration.ofMillis(50))
                .withMessage(() -> "no " + role + " saying '" + text + "'; " + role + "s: " + messages(role))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> messages(role).stream().filter(m -> m.contains(text)).findFirst().orElse(null));
    }

    /** The texts of the visible live regions of {@code role} (alert or status) with anything in them. */
    List<String> messages(String role) {
        return driver.findElements(By.xpath("//*[@role=" + literal(role) + "]")).stream()
                .filter(WebElement::isDisplayed).map(e -> normal(e.getText()))
                .filter(t -> !t.isEmpty()).toList();
    }

    private WebElement findRole(SearchContext scope, String role, String name) {
        String xpath = switch (role) {
            case "button" -> ".//button|.//*[@role='button']";
            case "link" -> ".//a[@href]";
            case "heading" -> ".//h1|.//h2|.//h3|.//h4";
            case "dialog" -> ".//dialog[@open]";
            case "navigation" -> ".//nav";
            case "region" -> ".//*[@role='region']|.//section[@aria-labelledby]";
            case "checkbox" -> ".//input[@type='checkbox']";
            case "img" -> ".//*[@role='img']";
            default -> throw new IllegalArgumentException("no locator for role " + role);
        };
        String wanted = name.strip().replaceAll("\\s+", " ");
        for (WebElement candidate : scope.findElements(By.xpath(xpath))) {
            if (candidate.isDisplayed() && wanted.equals(candidate.getAccessibleName().strip().replaceAll("\\s+", " "))) {
                String computed = candidate.getAriaRole();
                boolean same = role.equals(computed) || "img".equals(role) && "image".equals(computed);
                if (!same) {
                    throw new AssertionError("'" + name + "' looks like a " + role + " but its role is " + computed);
                }
                return candidate;
            }
        }
        return null;
    }

    // ---- doing things --------------------------------------------------------------------------------

    /** Replaces the text of the field labelled {@code label} by typing {@code text}. */
    void fill(String label, String text) {
        fill(field(label), text);
    }

    /** Replaces the text of {@code field} by typing {@code text}. */
    void fill(WebElement field, String text) {
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        field.sendKeys(text);
        wait.until(d -> text.equals(field.getDomProperty("value")));
    }

    /** Chooses the option with this visible text in the select labelled {@code label}. */
    void choose(String label, String option) {
        choose(field(label), option);
    }

    /** Chooses the option with this visible text in {@code select}. */
    void choose(WebElement select, String option) {
        new Select(select).selectByVisibleText(option);
    }

    /** Clicks the button named {@code name}. */
    void press(String name) {
        WebElement button = button(name);
        wait.until(d -> button.isEnabled());
        button.click();
    }

    /** Follows the link named {@code name}. */
    void follow(String name) {
        link(name).click();
    }

    /** Sends keys to whatever has the focus, as a keyboard does. */
    void keys(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    /** The element with the keyboard focus. */
    WebElement focused() {
        return driver.switchTo().activeElement();
    }

    /** Waits until {@code condition} holds, failing with {@code what}. */
    <T> T until(String what, Function<ChromeDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE, Duration.ofMillis(50)).withMessage(what)
                .ignoring(StaleElementReferenceException.class).until(d -> condition.apply(driver));
    }

    /** Runs a script in the page and answers its result. */
    Object js(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    // ---- what every screen must pass -------------------------------------------------------------------

    /**
     * Runs axe-core on the screen as it is and fails on any serious or critical violation, naming
     * each rule, its help text and the elements it found.
     */
    @SuppressWarnings("unchecked")
    void assertAccessible(String screen) {
        if (!Boolean.TRUE.equals(js("return typeof window.axe === 'object'"))) {
            js(AXE);
        }
        Map<String, Object> results = (Map<String, Object>) driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "axe.run(document, {resultTypes: ['violations']})"
                        + ".then(r => done({violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
                        + " nodes: v.nodes.map(n => n.target.join(' ') + ' ' + n.failureSummary)}))}))"
                        + ".catch(e => done({error: String(e)}));");
        assertTrue(!results.containsKey("error"), () -> "axe-core failed on " + screen + ": " + results.get("error"));
        List<Map<String, Object>> violations = (List<Map<String, Object>>) results.get("violations");
        List<String> serious = violations.stream()
                .filter(v -> "serious".equals(v.get("impact")) || "critical".equals(v.get("impact")))
                .map(v -> v.get("impact") + " " + v.get("id") + ": " + v.get("help") + " " + v.get("nodes"))
                .toList();
        assertTrue(serious.isEmpty(), () -> "axe-core on " + screen + ":\n" + String.join("\n", serious));
    }

    /** No Content-Security-Policy violation and no uncaught script error happened in this document. */
    @SuppressWarnings("unchecked")
    void assertCleanPage() {
        List<String> violations = (List<String>) js("return window.__visitor ? window.__visitor.violations : ['no recorder']");
        assertEquals(List.of(), violations, "Content-Security-Policy violations in " + location());
        List<String> errors = (List<String>) js("return window.__visitor.errors");
        assertEquals(List.of(), errors, "uncaught errors in " + location());
    }

    /** The requests the page sent with fetch in this document: "METHOD /path?query". */
    @SuppressWarnings("unchecked")
    List<String> calls() {
        List<Map<String, String>> calls = (List<Map<String, String>>) js("return window.__visitor.calls");
        return calls.stream().map(call -> {
            URI uri = URI.create(call.get("url"));
            return call.get("method") + " " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        }).toList();
    }

    /** Nothing of the session was written where it would outlive the page: no storage, no cookie. */
    void assertNothingStored() {
        assertEquals(0L, js("return localStorage.length"), "localStorage");
        assertEquals(0L, js("return sessionStorage.length"), "sessionStorage");
        assertEquals("", js("return document.cookie"), "cookies");
    }

    /** Tells the page the system prefers a dark (true) or the default light colour scheme. */
    void darkScheme(boolean dark) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", dark ? "dark" : "light"))));
    }

    // ---- pictures -------------------------------------------------------------------------------------------

    /** A full-page screenshot at 1440 px wide, {@code target/browser/<name>-1440.png}. */
    Path screenshot(String name) throws IOException {
        return capture(name + "-" + WIDE + ".png");
    }

    /**
     * A full-page screenshot as a 360 px wide phone shows the screen, {@code target/browser/<name>-360.png};
     * asserts the page itself does not scroll sideways there (wide tables scroll in their own box)
     * and that axe-core finds nothing serious or critical in that layout either.
     */
    Path screenshotNarrow(String name) throws IOException {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", NARROW, "height", 780,
                "deviceScaleFactor", 1, "mobile", true));
        try {
            until("the screen at 360 px", d -> ((Number) js("return screen.width")).intValue() == NARROW);
            long overflow = ((Number) js("return document.documentElement.scrollWidth")).longValue() - NARROW;
            assertTrue(overflow <= 0, () -> name + " scrolls sideways by " + overflow + " px at 360 px: wider than the screen "
                    + js("return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361"
                    + " && !e.parentElement.closest('[role=region][tabindex]')).slice(0, 5)"
                    + ".map(e => e.tagName + ' ' + e.textContent.slice(0, 40) + ' ' + e.getBoundingClientRect().right)"));
            assertAccessible(name + " at 360 px");
            return capture(name + "-" + NARROW + ".png");
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    @SuppressWarnings("unchecked")
    private Path capture(String file) throws IOException {
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Map<String, Object> content = (Map<String, Object>) metrics.get("cssContentSize");
        Map<String, Object> viewport = (Map<String, Object>) metrics.get("cssLayoutViewport");
        double width = ((Number) viewport.get("clientWidth")).doubleValue();
        double height = Math.max(((Number) content.get("height")).doubleValue(),
                ((Number) viewport.get("clientHeight")).doubleValue());
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        Path path = output.resolve(file);
        Files.write(path, Base64.getDecoder().decode((String) shot.get("data")));
        return path;
    }

    /** Saves the screen and its HTML as {@code failure-<name>.png/.html}, for a failed test. */
    void saveDiagnostics(String name) {
        try {
            capture("failure-" + name + ".png");
            Files.writeString(output.resolve("failure-" + name + ".html"), driver.getPageSource(), StandardCharsets.UTF_8);
            Files.writeString(output.resolve("failure-" + name + ".txt"), "url: " + driver.getCurrentUrl()
                    + "\nalerts: " + messages("alert") + "\nstatus: " + messages("status")
                    + "\nrecorded: " + js("return JSON.stringify(window.__visitor)"), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            System.err.println("Visitor: could not save the diagnostics of " + name + ": " + e);
        }
    }

    /** Closes the browser. */
    @Override
    public void close() {
        chromium.close();
    }

    /** {@code text} with every run of white space (narrow and no-break spaces too) as one space, stripped. */
    static String normal(String text) {
        return text.replace('\u202f', ' ').replace('\u00a0', ' ').replaceAll("\\s+", " ").strip();
    }

    /** How many requests starting with {@code prefix} ("POST /api/...") the page has sent so far. */
    int callCount(String prefix) {
        return (int) calls().stream().filter(call -> call.startsWith(prefix)).count();
    }

    /** An XPath string literal of {@code text}, whatever quotes it holds. */
    static String literal(String text) {
        if (!text.contains("'")) {
            return "'" + text + "'";
        }
        return "concat('" + text.replace("'", "', \"'\", '") + "')";
    }

    private static String axeSource() {
        try (InputStream in = Visitor.class.getClassLoader().getResourceAsStream("axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe.min.js is not on the test classpath (com.deque.html.axe-core:selenium)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
