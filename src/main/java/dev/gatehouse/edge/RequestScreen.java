package dev.gatehouse.edge;

import dev.gatehouse.platform.problem.Failure;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What Gatehouse refuses before routing, because no route could make sense of it: {@code TRACE}
 * (405: echoing requests is a cross-site tracing aid, and a body sent with it must never be read
 * as the next request), methods HTTP APIs do not speak (501), anything but reading outside
 * {@code /api} (405 on the read-only documents there, 404 where there is none), paths that lean on the runtime's
 * decoding (encoded slashes, dot segments, path parameters) or hold characters RFC 3986 keeps out of a path (400
 * {@code Invalid path}),
 * an empty header name, an {@code Accept} header the runtimes would read differently ({@link AcceptHeader}: 400
 * {@code Malformed Accept header}), and a query
 * string that is not valid UTF-8 or holds control characters such as NUL (400); the directories the build leaves
 * for Payara's class scan beside the libraries ({@code src/build/JandexIndexes.java}) are no content (404). A refused request
 * also closes its connection: whatever the client sends next is not trusted to be framed right.
 */
final class RequestScreen {

    /** The methods Gatehouse answers. */
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    /** Where the WAR holds the build's markers for Payara's class scan, not content. */
    private static final String SCAN_MARKERS = "/WEB-INF__lib__";
    /** The methods of the read-only documents outside {@code /api}: keys, discovery, OpenAPI, the docs. */
    static final List<String> READ = List.of("GET", "HEAD", "OPTIONS");

    /**
     * The characters a path may carry as they are: RFC 3986's {@code path-abempty} (unreserved
     * characters, sub-delimiters, {@code : @ /}; escapes are checked apart) without {@code ;}: the
     * runtimes cut path parameters such as {@code ;jsessionid=1} off a segment before routing, so
     * {@code /api/users/{id};x} would be served as {@code /api/users/{id}} although its {@code id}
     * is no UUID.
     */
    private static final boolean[] PATH_CHARACTERS = new boolean[128];

    static {
        for (char c : "-._~!$&'()*+,=:@/".toCharArray()) {
            PATH_CHARACTERS[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            PATH_CHARACTERS[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            PATH_CHARACTERS[c] = true;
            PATH_CHARACTERS[Character.toUpperCase(c)] = true;
        }
    }

    private RequestScreen() {
    }

    /** The refusal of {@code request}, or empty when it may go on. */
    static Optional<Failure> check(HttpServletRequest request) {
        String method = request.getMethod();
        if ("TRACE".equals(method)) {
            return Optional.of(Failure.methodRefused(String.join(", ", List.of("GET", "HEAD", "POST", "PUT", "PATCH",
                    "DELETE", "OPTIONS"))));
        }
        if (!METHODS.contains(method)) {
            return Optional.of(Failure.methodNotImplemented(true));
        }
        // the runtimes take a ;jsessionid= path parameter out of the URI before anything sees it
        if (!plainPath(request.getRequestURI()) || request.isRequestedSessionIdFromURL()) {
            return Optional.of(Failure.malformedRequest("Invalid path"));
        }
        if (request.getServletPath().startsWith(SCAN_MARKERS)) {
            return Optional.of(Failure.noRoute());
        }
        if (!READ.contains(method) && !underApi(request)) {
            return Optional.of(exists(request)
                    ? Failure.methodNotAllowed(String.join(", ", READ)) : Failure.noRoute());
        }
        for (String name : Collections.list(request.getHeaderNames())) {
            if (name == null || name.isBlank()) {
                return Optional.of(Failure.malformedRequest("Malformed header"));
            }
        }
        if (!Collections.list(request.getHeaders("Accept")).stream().allMatch(AcceptHeader::wellFormed)) {
            return Optional.of(Failure.badRequest("Malformed Accept header"));
        }
        String query = request.getQueryString();
        if (query != null && !cleanQuery(query)) {
            return Optional.of(Failure.malformedRequest(
                    "Invalid query string: percent-encoded UTF-8 without control characters"));
        }
        Optional<String> repeated = query == null || !underApi(request) ? Optional.empty() : repeatedParameter(query);
        if (repeated.isPresent()) {
            return Optional.of(Failure.invalidParameter(repeated.get(), "must be given once"));
        }
        return Optional.empty();
    }

    /**
     * True when the raw path holds only the characters RFC 3986 allows in a path (so no raw
     * {@code [ ] " < > { } | ^ `}, space, control or non-ASCII character: Undertow lets {@code [} and
     * {@code ]} through, and the URI RESTEasy builds from them fails), has no dot segments and no
     * encoded slash, backslash, dot or NUL: the runtime decodes and normalises those, so
     * {@code /api/..%2Fmetrics} would be served as {@code /metrics}, past a proxy that lets only
     * {@code /api/} through. No Gatehouse route needs them.
     */
    static boolean plainPath(String raw) {
        String lower = raw.toLowerCase(java.util.Locale.ROOT);
        return allowedCharacters(raw) && !(lower.contains("%2f") || lower.contains("%5c") || lower.contains("%2e") || lower.contains("%00")
                || lower.contains("/./") || lower.contains("/../") || lower.endsWith("/.") || lower.endsWith("/.."));
    }

    /** Only {@link #PATH_CHARACTERS} and {@code %} with two hex digits (a loop: the regex was 2% of a request). */
    private static boolean allowedCharacters(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || !hexDigit(raw.charAt(i + 1)) || !hexDigit(raw.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            } else if (c >= PATH_CHARACTERS.length || !PATH_CHARACTERS[c]) {
                return false;
            }
        }
        return true;
    }

    private static boolean hexDigit(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** True unless only the default servlet could answer and it has no file there. */
    private static boolean exists(HttpServletRequest request) {
        if (request.getHttpServletMapping().getMappingMatch() != jakarta.servlet.http.MappingMatch.DEFAULT) {
            return true;
        }
        try {
            return request.getServletContext().getResource(request.getServletPath()) != null;
        } catch (java.net.MalformedURLException e) {
            return false;
        }
    }

    private static boolean underApi(HttpServletRequest request) {
        return "/api".equals(request.getServletPath());
    }

    /**
     * True when the raw query decodes (percent-escapes, {@code +}) to valid UTF-8 free of control
     * characters; a malformed escape is refused too.
     */
    /**
     * The first query parameter named twice, if any: every parameter of the API is a single value,
     * and taking the first of two would be a guess the client cannot see.
     */
    static Optional<String> repeatedParameter(String raw) {
        Set<String> seen = new java.util.HashSet<>();
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (!name.isEmpty() && !seen.add(name)) {
                return Optional.of(java.net.URLDecoder.decode(name, StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    static boolean cleanQuery(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return false;
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return false;
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c > 0x7E || c < 0x20) {
                return false;
            } else {
                bytes.write(c);
            }
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return false;
        }
        return decoded.chars().noneMatch(ch -> ch < 0x20 || ch == 0x7F);
    }
}
