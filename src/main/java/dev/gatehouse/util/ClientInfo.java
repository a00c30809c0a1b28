package dev.gatehouse.util;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Where a request came from, as recorded on sessions and activity entries.
 *
 * @param ipAddress the client address (the socket peer; see {@code docs/security.md})
 * @param userAgent the {@code User-Agent} header cut to 512 characters, or {@code null}
 */
public record ClientInfo(String ipAddress, String userAgent) {

    private static final int MAX_USER_AGENT = 512;

    /** The client of {@code request}. */
    public static ClientInfo of(HttpServletRequest request) {
        String agent = request.getHeader("User-Agent");
        if (agent != null && agent.length() > MAX_USER_AGENT) {
            agent = agent.substring(0, MAX_USER_AGENT);
        }
        return new ClientInfo(request.getRemoteAddr(), agent);
    }

    /** For events the server causes itself (bootstrap). */
    public static ClientInfo system() {
        return new ClientInfo(null, "gatehouse");
    }
}
