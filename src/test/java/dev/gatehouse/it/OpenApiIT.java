package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The OpenAPI document at /openapi describes exactly the routes the application's resources serve. */
class OpenApiIT extends ApiTestBase {

    @Test
    void documentListsExactlyTheRoutesTheResourcesServe() throws Exception {
        Api.Reply reply = Api.get("/openapi", "Accept", "application/json");
        assertEquals(200, reply.status(), reply::body);
        JsonObject paths = reply.json().getJsonObject("paths");
        Set<String> documented = new TreeSet<>();
        paths.forEach((path, operations) -> operations.asJsonObject().keySet().stream()
                .filter(m -> Set.of("get", "post", "put", "patch", "delete").contains(m))
                .forEach(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + path)));

        assertEquals(servedRoutes(), documented);
    }

    @Test
    void documentDeclaresTheBearerSchemeAndProtectedOperationsUseIt() {
        JsonObject document = Api.get("/openapi", "Accept", "application/json").json();
        JsonObject scheme = document.getJsonObject("components").getJsonObject("securitySchemes").getJsonObject("bearer");
        assertEquals("http", scheme.getString("type"));
        assertEquals("bearer", scheme.getString("scheme"));
        JsonObject me = document.getJsonObject("paths").getJsonObject("/api/auth/me").getJsonObject("get");
        assertTrue(me.containsKey("security") || document.containsKey("security"), me::toString);
        assertEquals("Gatehouse", document.getJsonObject("info").getString("title"));
    }

    @Test
    void documentsOnlyTheRelativeServerSoClientsCallTheHostTheyFetchedItFrom() {
        JsonArray servers = Api.get("/openapi", "Accept", "application/json").json().getJsonArray("servers");
        assertEquals(1, servers.size(), servers::toString);
        assertEquals("/", servers.getJsonObject(0).getString("url"));
    }

    @Test
    void documentIsYamlByDefault() {
        Api.Reply reply = Api.get("/openapi");
        assertEquals(200, reply.status());
        assertTrue(reply.body().startsWith("openapi: 3"), reply.body().substring(0, 40));
    }

    /** Every (method, absolute path) pair declared by the JAX-RS resources in the built classes. */
    private static Set<String> servedRoutes() throws IOException, ClassNotFoundException {
        String base = "/" + Class.forName("dev.gatehouse.api.GatehouseApplication")
                .getAnnotation(ApplicationPath.class).value();
        Set<String> routes = new TreeSet<>();
        java.nio.file.Path classes = Paths.get(System.getProperty("gatehouse.target", "target"), "classes", "dev", "gatehouse", "api");
        try (Stream<java.nio.file.Path> files = Files.list(classes)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$")).toList()) {
                String name = file.getFileName().toString().replace(".class", "");
                Class<?> type = Class.forName("dev.gatehouse.api." + name);
                Path classPath = type.getAnnotation(Path.class);
                if (classPath == null) {
                    continue;
                }
                for (Method method : type.getMethods()) {
                    String verb = httpMethod(method);
                    if (verb == null) {
                        continue;
                    }
                    Path methodPath = method.getAnnotation(Path.class);
                    String path = base + "/" + classPath.value() + (methodPath == null ? "" : "/" + methodPath.value());
                    routes.add(verb + " " + path.replaceAll("/+", "/"));
                }
            }
        }
        return routes;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }
}
