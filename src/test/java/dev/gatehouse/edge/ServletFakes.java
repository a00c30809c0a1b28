package dev.gatehouse.edge;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Hand-written servlet fakes (dynamic proxies) for unit tests: a request of method and headers, a recording response. */
final class ServletFakes {

    private ServletFakes() {
    }

    /** A request with {@code method} and headers given as name, value, name, value ... */
    static HttpServletRequest request(String method, String... headers) {
        Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < headers.length; i += 2) {
            values.put(headers[i], headers[i + 1]);
        }
        Map<String, Object> attributes = new java.util.HashMap<>();
        return (HttpServletRequest) Proxy.newProxyInstance(ServletFakes.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getHeader" -> values.get((String) args[0]);
                    case "getRequestURI" -> "/api/test";
                    case "isSecure" -> false;
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "toString" -> method + " " + values;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    /** What a response was told: status, headers (every value, by lower-cased name), content type and body. */
    static final class Recorded {
        int status = 200;
        String contentType;
        final Map<String, List<String>> headers = new TreeMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        List<String> all(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        String first(String name) {
            List<String> values = all(name);
            return values.isEmpty() ? null : values.get(0);
        }

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }

        HttpServletResponse response() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(ServletFakes.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> {
                        switch (m.getName()) {
                            case "setStatus" -> status = (Integer) args[0];
                            case "setHeader" -> {
                                List<String> values = new ArrayList<>();
                                values.add((String) args[1]);
                                headers.put(((String) args[0]).toLowerCase(Locale.ROOT), values);
                            }
                            case "addHeader" -> headers.computeIfAbsent(((String) args[0]).toLowerCase(Locale.ROOT),
                                    k -> new ArrayList<>()).add((String) args[1]);
                            case "setContentType" -> contentType = (String) args[0];
                            case "setContentLength", "setContentLengthLong" -> {
                                // the fake keeps the body itself
                            }
                            case "isCommitted" -> {
                                return false;
                            }
                            case "resetBuffer" -> body.reset();
                            case "getOutputStream" -> {
                                return out;
                            }
                            default -> throw new UnsupportedOperationException(m.getName());
                        }
                        return null;
                    });
        }
    }
}
