package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document at /openapi describes exactly the routes the application's resources serve,
 * with the contract's roles, wire names and error schema.
 */
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

    /** Who may call what, as API.md's tables say; "none" marks the public operations. */
    private static final Map<String, String> CONTRACT_ROLES = Map.ofEntries(
            Map.entry("POST /api/auth/register", "none"), Map.entry("POST /api/auth/login", "none"),
            Map.entry("POST /api/auth/refresh", "none"), Map.entry("POST /api/auth/logout", "guest"),
            Map.entry("POST /api/auth/logout-all", "guest"), Map.entry("GET /api/auth/me", "guest"),
            Map.entry("PUT /api/auth/password", "guest"), Map.entry("GET /api/users", "manager"),
            Map.entry("POST /api/users", "admin"), Map.entry("GET /api/users/{id}", "guest"),
            Map.entry("PATCH /api/users/{id}", "manager"), Map.entry("DELETE /api/users/{id}", "admin"),
            Map.entry("POST /api/users/{id}/restore", "admin"), Map.entry("GET /api/users/{id}/sessions", "admin"),
            Map.entry("GET /api/sessions", "guest"), Map.entry("DELETE /api/sessions/{id}", "guest"),
            Map.entry("GET /api/activity", "guest"), Map.entry("GET /api/health/live", "none"),
            Map.entry("GET /api/health/ready", "none"), Map.entry("GET /api/signing-keys", "admin"),
            Map.entry("POST /api/signing-keys/rotate", "admin"), Map.entry("GET /.well-known/jwks.json", "none"),
            Map.entry("GET /.well-known/openid-configuration", "none"), Map.entry("POST /api/auth/password-reset", "none"),
            Map.entry("POST /api/auth/password-reset/confirm", "none"), Map.entry("POST /api/auth/email-verification", "guest"),
            Map.entry("POST /api/auth/email-verification/confirm", "none"), Map.entry("POST /api/auth/mfa/totp", "guest"),
            Map.entry("POST /api/auth/mfa/totp/confirm", "guest"), Map.entry("POST /api/auth/mfa/totp/disable", "guest"),
            Map.entry("POST /api/auth/login/mfa", "none"), Map.entry("DELETE /api/users/{id}/mfa", "admin"));

    @Test
    void everyOperationStatesTheRoleTheContractRequiresAndItsErrors() {
        JsonObject paths = Api.get("/openapi", "Accept", "application/json").json().getJsonObject("paths");
        Map<String, String> documented = new TreeMap<>();
        paths.forEach((path, item) -> item.asJsonObject().forEach((verb, value) -> {
            if (!Set.of("get", "post", "put", "patch", "delete").contains(verb)) {
                return;
            }
            JsonObject operation = value.asJsonObject();
            String route = verb.toUpperCase(Locale.ROOT) + " " + path;
            String role = operation.getString("x-required-role");
            documented.put(route, role);
            JsonObject responses = operation.getJsonObject("responses");
            assertTrue(responses.keySet().stream().anyMatch(code -> code.startsWith("2")), route + " has no success response");
            assertFalse(responses.containsKey("default"), route + " has a catch-all response");
            for (String status : path.startsWith("/api/health/") ? List.of("400", "406", "413", "500", "503")
                    : path.startsWith("/api/") ? List.of("400", "406", "413", "429", "500", "503")
                    : List.of("400", "413", "500", "503")) {
                String schema = path.equals("/api/health/ready") && status.equals("503") ? "Health" : "Problem";
                assertEquals("#/components/schemas/" + schema, problemRef(responses, status), route + " " + status);
            }
            if (role.equals("none")) {
                assertTrue(!operation.containsKey("security") || operation.getJsonArray("security").isEmpty(), route + " is public");
                assertTrue(operation.getString("description").contains("Public"), route);
            } else {
                assertEquals(1, operation.getJsonArray("security").size(), route);
                assertTrue(operation.getJsonArray("security").getJsonObject(0).containsKey("bearer"), route);
                assertTrue(operation.getString("description").contains("role `" + role + "`"), route);
                assertEquals("#/components/schemas/Problem", problemRef(responses, "401"), route);
                assertEquals("#/components/schemas/Problem", problemRef(responses, "403"), route);
            }
        }));
        assertEquals(new TreeMap<>(CONTRACT_ROLES), documented);
    }

    @Test
    void theDocumentIsValidOpenApiWithOneNamePerOperation() {
        String text = Api.get("/openapi", "Accept", "application/json").body();
        assertDoesNotThrow(() -> com.atlassian.oai.validator.OpenApiInteractionValidator
                .createForInlineApiSpecification(text).build(), "the swagger parser accepts the document");
        JsonObject document = Api.get("/openapi", "Accept", "application/json").json();
        assertTrue(Set.of("openapi", "info", "servers", "paths", "components", "security", "tags", "externalDocs")
                .containsAll(document.keySet()), "only OpenAPI's own top-level members: " + document.keySet());
        List<String> ids = new ArrayList<>();
        document.getJsonObject("paths").forEach((path, item) -> item.asJsonObject().forEach((verb, operation) -> {
            if (operation.getValueType() == jakarta.json.JsonValue.ValueType.OBJECT
                    && operation.asJsonObject().containsKey("operationId")) {
                ids.add(operation.asJsonObject().getString("operationId"));
            } else if (operation.getValueType() == jakarta.json.JsonValue.ValueType.OBJECT) {
                fail(verb + " " + path + " has no operationId");
            }
        }));
        assertEquals(ids.size(), new HashSet<>(ids).size(), "operationIds are unique: " + ids);
    }

    @Test
    void schemasUseTheWireNamesAndTheProblemSchemaListsTheFixedDetails() {
        JsonObject document = Api.get("/openapi", "Accept", "application/json").json();
        JsonObject schemas = document.getJsonObject("components").getJsonObject("schemas");
        assertEquals(Set.of("id", "email", "role", "is_active", "email_verified", "mfa_enabled", "created_at", "updated_at",
                "deleted_at"),
                schemas.getJsonObject("UserView").getJsonObject("properties").keySet());
        assertEquals(Set.of("access_token", "refresh_token", "token_type", "expires_in", "refresh_expires_in", "user"),
                schemas.getJsonObject("TokenPair").getJsonObject("properties").keySet());
        assertEquals(Set.of("refresh_token"), schemas.getJsonObject("RefreshRequest").getJsonObject("properties").keySet());
        for (String page : List.of("UserPage", "SessionPage", "ActivityPage")) {
            assertEquals(Set.of("items", "next_cursor"), schemas.getJsonObject(page).getJsonObject("properties").keySet(), page);
        }
        assertEquals("date-time", schemas.getJsonObject("UserView").getJsonObject("properties").getJsonObject("created_at")
                .getString("format"));
        assertEquals(List.of("admin", "manager", "user", "guest"), schemas.getJsonObject("Role").getJsonArray("enum")
                .getValuesAs(JsonString.class).stream().map(JsonString::getString).toList());

        JsonObject problem = schemas.getJsonObject("Problem");
        assertTrue(problem.getJsonObject("properties").keySet().containsAll(Set.of("status", "title", "detail", "errors")));
        String details = problem.getJsonObject("properties").getJsonObject("detail").getString("description");
        for (String fixed : List.of("Invalid credentials", "Token has expired", "Invalid token", "Not authenticated",
                "Forbidden", "Too many requests", "Internal server error")) {
            assertTrue(details.contains("'" + fixed + "'"), fixed);
        }
        JsonObject register = document.getJsonObject("paths").getJsonObject("/api/auth/register").getJsonObject("post");
        assertEquals("#/components/schemas/UserView", register.getJsonObject("responses").getJsonObject("201")
                .getJsonObject("content").getJsonObject("application/json").getJsonObject("schema").getString("$ref"));
        assertEquals("#/components/schemas/Problem", problemRef(register.getJsonObject("responses"), "409"));
    }

    @Test
    void theTwoFactorRoutesDescribeTheirBodiesSoTheDocsPageCanWalkThroughThem() {
        JsonObject document = Api.get("/openapi", "Accept", "application/json").json();
        JsonObject schemas = document.getJsonObject("components").getJsonObject("schemas");
        JsonObject paths = document.getJsonObject("paths");

        JsonObject loginOk = paths.getJsonObject("/api/auth/login").getJsonObject("post").getJsonObject("responses")
                .getJsonObject("200").getJsonObject("content").getJsonObject("application/json").getJsonObject("schema");
        assertEquals(List.of("#/components/schemas/TokenPair", "#/components/schemas/MfaChallenge"),
                loginOk.getJsonArray("oneOf").stream().map(s -> s.asJsonObject().getString("$ref")).toList());
        assertEquals(Set.of("mfa_required", "mfa_token", "expires_in"),
                schemas.getJsonObject("MfaChallenge").getJsonObject("properties").keySet());
        assertEquals(Set.of("secret", "otpauth_uri"), schemas.getJsonObject("TotpEnrolmentView").getJsonObject("properties").keySet());
        assertEquals(Set.of("recovery_codes"), schemas.getJsonObject("RecoveryCodesView").getJsonObject("properties").keySet());
        assertEquals(Set.of("mfa_token", "code"), schemas.getJsonObject("SecondFactorLogin").getJsonObject("properties").keySet());
        Map<String, String> bodies = Map.of("post /api/auth/mfa/totp", "TotpEnrolmentRequest",
                "post /api/auth/mfa/totp/confirm", "TotpConfirmation", "post /api/auth/mfa/totp/disable", "TotpRemoval",
                "post /api/auth/login/mfa", "SecondFactorLogin");
        bodies.forEach((route, schema) -> {
            String[] verbPath = route.split(" ");
            JsonObject operation = paths.getJsonObject(verbPath[1]).getJsonObject(verbPath[0]);
            assertEquals("#/components/schemas/" + schema, operation.getJsonObject("requestBody").getJsonObject("content")
                    .getJsonObject("application/json").getJsonObject("schema").getString("$ref"), route);
        });
        JsonObject meForbidden = paths.getJsonObject("/api/users").getJsonObject("get").getJsonObject("responses")
                .getJsonObject("403");
        assertTrue(meForbidden.getString("description").contains("Two-factor authentication required"), meForbidden::toString);
    }

    private static String problemRef(JsonObject responses, String status) {
        JsonObject response = responses.getJsonObject(status);
        if (response == null) {
            return "no " + status + " response";
        }
        JsonObject content = response.getJsonObject("content");
        JsonObject media = content == null ? null : content.getJsonObject(status.startsWith("503") && content.containsKey(
                "application/json") ? "application/json" : "application/problem+json");
        return media == null ? "no problem content for " + status : media.getJsonObject("schema").getString("$ref");
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
        assertTrue(reply.body().replaceFirst("^---\n", "").startsWith("openapi: 3"), reply.body().substring(0, 40));
        assertEquals("application/yaml;charset=UTF-8", reply.header("Content-Type").replace(" ", ""));
    }

    /** Every (method, absolute path) pair declared by the JAX-RS resources in the built classes. */
    private static Set<String> servedRoutes() throws IOException, ClassNotFoundException {
        String base = "/" + Class.forName("dev.gatehouse.app.GatehouseApplication")
                .getAnnotation(ApplicationPath.class).value();
        Set<String> routes = new TreeSet<>();
        java.nio.file.Path classes = Paths.get(System.getProperty("gatehouse.target", "target"), "classes");
        try (Stream<java.nio.file.Path> files = Files.walk(classes.resolve("dev/gatehouse"))) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$")).toList()) {
                String name = classes.relativize(file).toString().replace(".class", "").replace('/', '.');
                Class<?> type = Class.forName(name, false, OpenApiIT.class.getClassLoader());
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
        for (String servlet : Class.forName("dev.gatehouse.keys.boundary.DiscoveryServlet")
                .getAnnotation(jakarta.servlet.annotation.WebServlet.class).urlPatterns()) {
            routes.add("GET " + servlet);
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
