package dev.gatehouse.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The security headers of API.md's cross-cutting rules, set before the response is committed. */
public final class SecurityHeaders {

    /**
     * The policy of the console and account pages: their own scripts, one stylesheet and calls to
     * this origin only; no inline script or style, no plugin, no framing; {@code data:} images for
     * the page's empty icon. Trusted Types refuse any string handed to an HTML sink (innerHTML and
     * the like), so text can only reach the page as text. Why each part: docs/guides/console.md.
     */
    static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; "
            + "require-trusted-types-for 'script'; trusted-types 'none'";

    private SecurityHeaders() {
    }

    /**
     * Every response: nosniff, no referrer, no framing; {@code /api}: no-store and a strict CSP;
     * the pages under {@code /console/} and {@code /account/}: no-store (the HTML holds nothing worth
     * a stale copy) and the pages' CSP; their scripts and stylesheet under {@code /ui/}: revalidated
     * on every load, so a new deployment never runs beside an old module; HTTPS: HSTS.
     */
    public static void apply(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        String path = request.getRequestURI();
        if (path.equals("/api") || path.startsWith("/api/")) {
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        } else if (page(path)) {
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("Content-Security-Policy", PAGE_POLICY);
        } else if (path.startsWith("/ui/")) {
            response.setHeader("Cache-Control", "no-cache");
        }
        if (request.isSecure()) {
            response.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
    }

    private static boolean page(String path) {
        return path.equals("/console") || path.startsWith("/console/") || path.equals("/account")
                || path.startsWith("/account/");
    }
}
