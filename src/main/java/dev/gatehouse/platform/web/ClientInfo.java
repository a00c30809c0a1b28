package dev.gatehouse.platform.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Where a request came from, as recorded on sessions and activity entries.
 *
 * @param ipAddress the client address (see {@link ClientAddress})
 * @param userAgent the {@code User-Agent} header cut to 512 characters, or {@code null}
 */
public record ClientInfo(String ipAddress, String userAgent) {

    private static final int MAX_USER_AGENT = 512;

    /** Request attribute where the edge filter leaves the resolved client address. */
    public static final String ADDRESS_ATTRIBUTE = ClientInfo.class.getName() + ".address";

    /** The client of {@code request}, with the address the edge filter resolved (else the peer). */
    public static ClientInfo of(HttpServletRequest request) {
        Object resolved = request.getAttribute(ADDRESS_ATTRIBUTE);
        String address = resolved instanceof String s ? s : request.getRemoteAddr();
        String agent = request.getHeader("User-Agent");
        if (agent != null && agent.length() > MAX_USER_AGENT) {
            agent = agent.substring(0, MAX_USER_AGENT);
        }
        return new ClientInfo(address, agent);
    }

    /** For events the server causes itself (bootstrap). */
    public static ClientInfo system() {
        return new ClientInfo(null, "gatehouse");
    }
}
