package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The API reference at /docs/ is served by the WAR itself, assets included, and points at /openapi. */
class DocsIT extends ApiTestBase {

    @Test
    void docsPageAndItsAssetsAreServedFromTheWar() {
        Api.Reply page = Api.get("/docs/");
        assertEquals(200, page.status());
        assertTrue(page.header("Content-Type").startsWith("text/html"), page.header("Content-Type"));
        Problems.assertSecurityHeaders(page);
        Matcher bundle = Pattern.compile("src=\"(/webjars/swagger-ui/[^\"]+/swagger-ui-bundle\\.js)\"").matcher(page.body());
        assertTrue(bundle.find(), page.body());

        Api.Reply script = Api.get(bundle.group(1));
        assertEquals(200, script.status());
        assertTrue(script.body().length() > 100_000, "the Swagger UI bundle itself");

        Api.Reply init = Api.get("/docs/init.js");
        assertEquals(200, init.status());
        assertTrue(init.body().contains("url: \"/openapi\""), init.body());
    }

    /**
     * {@code /docs} is a permanent redirect to {@code /docs/} (query kept), answered by Gatehouse
     * itself so it passes the edge filter: the request id and the security headers of every response.
     */
    @Test
    void docsWithoutTheSlashIsAPermanentRedirectToDocsWithIt() {
        Api.Reply plain = Api.get("/docs");
        Api.Reply withQuery = Api.get("/docs?tab=auth");

        assertEquals(301, plain.status(), plain::body);
        assertEquals("/docs/", plain.header("Location"));
        Problems.assertSecurityHeaders(plain);
        assertTrue(plain.header("X-Request-Id") != null, "request id");
        assertEquals(301, withQuery.status(), withQuery::body);
        assertEquals("/docs/?tab=auth", withQuery.header("Location"));
    }
}
