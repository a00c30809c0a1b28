package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openqa.selenium.support.ui.ExpectedConditions.elementToBeClickable;
import static org.openqa.selenium.support.ui.ExpectedConditions.invisibilityOfElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WrapsDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The API reference at {@code /docs}, used as a person would in headless Chromium: log in through
 * Swagger UI, paste the access token into "Authorize", then call {@code GET /api/auth/me}; and walk
 * through TOTP enrolment (secret, confirmation with a code the test computes, recovery codes) and
 * the two-step login. Screenshots of the results go to {@code target/docs-browser/me.png} and
 * {@code totp.png}; on failure a screenshot and the page source go there too.
 */
class DocsBrowserIT extends ApiTestBase {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void aUserLogsInThroughTheDocsPageAndReadsMe() throws IOException {
        String email = Api.uniqueEmail("docs-browser");
        String password = Accounts.password();
        inTheDocsPage(email, password, (browser, wait, login) -> {
            WebElement me = operation(wait, "get", "/api/auth/me");
            Reply meReply = execute(wait, me, null);
            assertEquals("200", meReply.status(), meReply::body);
            assertEquals(email, meReply.json().getString("email"));

            assertOnlyLoopbackRequests(browser);
            ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView(true)", me);
            save(browser, "me.png");
        });
    }

    @Test
    void aUserTurnsTotpOnThroughTheDocsPageAndLogsInInTwoSteps() throws IOException {
        String email = Api.uniqueEmail("docs-totp");
        String password = Accounts.password();
        inTheDocsPage(email, password, (browser, wait, login) -> {
            Reply enrolled = execute(wait, operation(wait, "post", "/api/auth/mfa/totp"),
                    Api.json("current_password", password));
            assertEquals("200", enrolled.status(), enrolled::body);
            Mfa.Authenticator app = new Mfa.Authenticator(enrolled.json().getString("secret"));
            assertTrue(enrolled.json().getString("otpauth_uri").startsWith("otpauth://totp/"), enrolled::body);

            Reply confirmed = execute(wait, operation(wait, "post", "/api/auth/mfa/totp/confirm"),
                    Api.json("code", app.nextCode()));
            assertEquals("200", confirmed.status(), confirmed::body);
            assertEquals(10, confirmed.json().getJsonArray("recovery_codes").size(), confirmed::body);

            Reply challenge = execute(wait, login, Api.json("email", email, "password", password));
            assertEquals("200", challenge.status(), challenge::body);
            assertTrue(challenge.json().getBoolean("mfa_required"), challenge::body);

            WebElement secondStep = operation(wait, "post", "/api/auth/login/mfa");
            Reply tokens = execute(wait, secondStep,
                    Api.json("mfa_token", challenge.json().getString("mfa_token"), "code", app.nextCode()));
            assertEquals("200", tokens.status(), tokens::body);
            assertEquals(List.of("pwd", "otp"), Mfa.amr(tokens.json().getString("access_token")));

            ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView(true)", secondStep);
            save(browser, "totp.png");
        });
    }

    /** What a test does on the docs page once its user is logged in and authorized there. */
    @FunctionalInterface
    private interface Walk {
        void run(WebDriver browser, WebDriverWait wait, WebElement login) throws IOException;
    }

    /**
     * Registers {@code email}, opens {@code /docs/} in a fresh headless Chromium, logs in through
     * the login operation, pastes the access token into "Authorize", then runs {@code walk}; on
     * failure a screenshot and the page source are saved; the browser always closes.
     */
    private static void inTheDocsPage(String email, String password, Walk walk) throws IOException {
        Api.Reply registered = Api.register(email, password);
        assertEquals(201, registered.status(), registered::body);

        Files.deleteIfExists(HeadlessChromium.output().resolve("failure.png"));
        Files.deleteIfExists(HeadlessChromium.output().resolve("failure.html"));
        HeadlessChromium chromium = HeadlessChromium.start();
        WebDriver browser = chromium.driver();
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE, Duration.ofMillis(100));
        try {
            browser.get(Api.base().resolve("/docs/").toString());
            WebElement login = operation(wait, "post", "/api/auth/login");
            Reply loginReply = execute(wait, login, Api.json("email", email, "password", password));
            assertEquals("200", loginReply.status(), loginReply::body);
            authorize(wait, browser, loginReply.json().getString("access_token"));
            walk.run(browser, wait, login);
        } catch (RuntimeException | AssertionError e) {
            saveDiagnostics(browser);
            throw e;
        } finally {
            chromium.close();
        }
    }

    /** The operation block of {@code method path}, expanded, with "Try it out" switched on. */
    private static WebElement operation(WebDriverWait wait, String method, String path) {
        WebElement summary = wait.until(visibilityOfElementLocated(By.cssSelector(
                ".opblock-" + method + " .opblock-summary-path[data-path='" + path + "']")));
        WebElement block = summary.findElement(By.xpath(
                "ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' opblock ')]"));
        if (!block.getDomAttribute("class").contains("is-open")) {
            block.findElement(By.cssSelector(".opblock-summary-control")).click();
        }
        WebElement tryOut = wait.until(d -> visible(block, By.cssSelector(".try-out__btn")));
        if (!tryOut.getDomAttribute("class").contains("cancel")) {
            tryOut.click();
        }
        wait.until(d -> visible(block, By.cssSelector("button.execute")));
        return block;
    }

    /**
     * Fills the request body if there is one, presses Execute, and reads the live response. A
     * response left from an earlier call of the same operation is cleared first, so the one read
     * is this call's.
     */
    private static Reply execute(WebDriverWait wait, WebElement block, String body) {
        WebElement clear = visible(block, By.cssSelector("button.btn-clear"));
        if (clear != null) {
            clear.click();
            wait.until(d -> visible(block, By.cssSelector(".live-responses-table tr.response")) == null);
        }
        if (body != null) {
            paste(wait.until(d -> visible(block, By.cssSelector("textarea.body-param__text"))), body);
        }
        block.findElement(By.cssSelector("button.execute")).click();
        WebElement status = wait.until(d -> visible(block,
                By.cssSelector(".live-responses-table tr.response .response-col_status")));
        WebElement responseBody = block.findElement(By.cssSelector(
                ".live-responses-table tr.response .response-col_description .highlight-code > pre"));
        return new Reply(status.getText().strip(), responseBody.getText());
    }

    /** Pastes the token into the "Authorize" dialog's bearer field, authorizes and closes it. */
    private static void authorize(WebDriverWait wait, WebDriver browser, String accessToken) {
        wait.until(elementToBeClickable(By.cssSelector(".auth-wrapper button.authorize"))).click();
        WebElement field = wait.until(visibilityOfElementLocated(By.id("auth-bearer-value")));
        paste(field, accessToken);
        browser.findElement(By.cssSelector(".modal-ux button.modal-btn.auth.authorize")).click();
        wait.until(visibilityOfElementLocated(By.xpath("//div[contains(@class,'modal-ux')]//h6[.='Authorized']")));
        browser.findElement(By.cssSelector(".modal-ux button.btn-done")).click();
        wait.until(invisibilityOfElementLocated(By.cssSelector(".modal-ux")));
    }

    /**
     * Everything the page fetched (scripts, styles, the OpenAPI document, the calls it made) came
     * from the server on loopback, and the spec validator badge, which would call out to
     * validator.swagger.io on any non-loopback address, is switched off.
     */
    @SuppressWarnings("unchecked")
    private static void assertOnlyLoopbackRequests(WebDriver browser) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        List<String> fetched = (List<String>) js.executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name)");
        assertTrue(fetched.size() >= 4, () -> "the page's own resources: " + fetched);
        for (String url : fetched) {
            String host = URI.create(url).getHost();
            assertTrue("127.0.0.1".equals(host) || "localhost".equals(host), () -> "the page fetched " + url);
        }
        assertNull(js.executeScript("return window.ui.getConfigs().validatorUrl"),
                "Swagger UI's validator badge would send the spec URL to validator.swagger.io");
    }

    /**
     * Replaces a field's text in one input event, as a paste does: typing it key by key would
     * re-render Swagger UI once per character. The value goes through the prototype's setter so
     * that React sees it as a change.
     */
    private static void paste(WebElement field, String text) {
        ((JavascriptExecutor) ((WrapsDriver) field).getWrappedDriver()).executeScript(
                "const [field, text] = arguments;"
                        + "Object.getOwnPropertyDescriptor(Object.getPrototypeOf(field), 'value').set.call(field, text);"
                        + "field.dispatchEvent(new Event('input', {bubbles: true}));",
                field, text);
    }

    /** The first visible element under {@code root} matching {@code by}, or null. */
    private static WebElement visible(WebElement root, By by) {
        return root.findElements(by).stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
    }

    private static void saveDiagnostics(WebDriver browser) {
        try {
            save(browser, "failure.png");
            Files.writeString(HeadlessChromium.output().resolve("failure.html"), browser.getPageSource(),
                    StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            System.err.println("DocsBrowserIT: could not save the failure's screenshot or page: " + e);
        }
    }

    private static void save(WebDriver browser, String name) throws IOException {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(HeadlessChromium.output().resolve(name), png);
    }

    /** A live response as Swagger UI rendered it. @param status the status cell @param body the body text */
    private record Reply(String status, String body) {

        JsonObject json() {
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                return reader.readObject();
            }
        }
    }
}
