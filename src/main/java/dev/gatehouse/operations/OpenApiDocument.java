package dev.gatehouse.operations;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code /openapi}: the contract as the build generated it from the resources and the wire records
 * (see {@code app.OpenApiContract}), the same bytes on every runtime. YAML ({@code application/yaml})
 * by default, JSON for {@code Accept: application/json}. The runtimes' own OpenAPI endpoints stay
 * off, so nothing is scanned at boot.
 */
@WebServlet(urlPatterns = "/openapi")
public class OpenApiDocument extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final byte[] YAML = read("openapi/gatehouse.yaml");
    private static final byte[] JSON = read("openapi/gatehouse.json");

    /** The document, in the representation the client accepts. */
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String accept = request.getHeader("Accept");
        boolean json = accept != null && accept.contains("application/json");
        response.setContentType(json ? "application/json;charset=UTF-8" : "application/yaml;charset=UTF-8");
        byte[] body = json ? JSON : YAML;
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static byte[] read(String name) {
        try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the WAR: the build generates it (smallrye-open-api-maven-plugin)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
