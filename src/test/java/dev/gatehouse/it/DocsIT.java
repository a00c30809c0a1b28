package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The API reference at /docs is served by the WAR itself, assets included, and points at /openapi. */
class DocsIT extends ApiTestBase {

    @Test
    void docsPageAndItsAssetsAreServedFromTheWar() {
        Api.Reply page = Api.get("/docs/");
        assertEquals(200, page.status());
        assertTrue(page.header("Content-Type").startsWith("text/html"), page.header("Content-Type"));
        Matcher bundle = Pattern.compile("src=\"(/webjars/swagger-ui/[^\"]+/swagger-ui-bundle\\.js)\"").matcher(page.body());
        assertTrue(bundle.find(), page.body());

        Api.Reply script = Api.get(bundle.group(1));
        assertEquals(200, script.status());
        assertTrue(script.body().length() > 100_000, "the Swagger UI bundle itself");

        Api.Reply init = Api.get("/docs/init.js");
        assertEquals(200, init.status());
        assertTrue(init.body().contains("url: \"/openapi\""), init.body());
    }

    @Test
    void docsRedirectsToItsIndex() {
        Api.Reply reply = Api.get("/docs");
        assertTrue(reply.status() == 200 || reply.status() == 301 || reply.status() == 302, "status " + reply.status());
    }
}
