package dev.gatehouse.edge;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.util.Locale;

/**
 * The OpenAPI document as YAML says so: Payara serves {@code /openapi} as {@code text/plain}
 * unless JSON is asked for; API.md (and every OpenAPI tool) wants {@code application/yaml}.
 */
final class OpenApiMediaType extends HttpServletResponseWrapper {

    private static final String YAML = "application/yaml;charset=UTF-8";

    OpenApiMediaType(HttpServletResponse response) {
        super(response);
    }

    /** {@code text/plain} becomes {@code application/yaml}; JSON stays JSON. */
    @Override
    public void setContentType(String type) {
        super.setContentType(yaml(type));
    }

    /** The same for a {@code Content-Type} set as a header. */
    @Override
    public void setHeader(String name, String value) {
        super.setHeader(name, "content-type".equalsIgnoreCase(name) ? yaml(value) : value);
    }

    /** The same for a {@code Content-Type} added as a header. */
    @Override
    public void addHeader(String name, String value) {
        super.addHeader(name, "content-type".equalsIgnoreCase(name) ? yaml(value) : value);
    }

    private static String yaml(String type) {
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("text/plain") ? YAML : type;
    }
}
