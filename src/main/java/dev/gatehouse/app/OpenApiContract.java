package dev.gatehouse.app;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;

import dev.gatehouse.accounts.boundary.EmailVerificationResource;
import dev.gatehouse.accounts.boundary.PasswordResetResource;
import dev.gatehouse.accounts.boundary.RegistrationResource;
import dev.gatehouse.accounts.boundary.UsersResource;
import dev.gatehouse.activity.boundary.ActivityResource;
import dev.gatehouse.keys.boundary.DiscoveryServlet;
import dev.gatehouse.keys.boundary.SigningKeysResource;
import dev.gatehouse.mfa.boundary.TotpResource;
import dev.gatehouse.mfa.boundary.UserMfaResource;
import dev.gatehouse.platform.json.JsonNames;
import dev.gatehouse.platform.problem.Problem;
import dev.gatehouse.sessions.boundary.AuthResource;
import dev.gatehouse.sessions.boundary.SessionsResource;
import dev.gatehouse.sessions.boundary.UserSessionsResource;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

/**
 * Completes the generated OpenAPI document with what annotations cannot say without repeating the
 * code: each operation's required role, read from the same {@code @RolesAllowed} the container
 * enforces (extension {@code x-required-role} and a line in the description), its bearer
 * requirement, and the {@code application/problem+json} error schema on every operation.
 * Registered through {@code mp.openapi.filter}.
 */
public class OpenApiContract implements OASFilter {

    /** The resources whose operations are described; the OpenAPI drift test keeps this list whole. */
    static final List<Class<?>> RESOURCES = List.of(AuthResource.class, RegistrationResource.class, UsersResource.class,
            SessionsResource.class, UserSessionsResource.class, ActivityResource.class, SigningKeysResource.class,
            HealthResource.class, PasswordResetResource.class, EmailVerificationResource.class, TotpResource.class,
            UserMfaResource.class);

    /** {@code type(SchemaType)} or {@code addType(SchemaType)}, whichever this server's API has. */
    private static final Method TYPE_SETTER = typeSetter();

    /** The name of the error schema in {@code components.schemas}. */
    public static final String PROBLEM = "Problem";
    /** The name of the second-factor challenge's schema (the other answer of a login). */
    static final String MFA_CHALLENGE = "MfaChallenge";

    private static final String FIXED_DETAILS = "Fixed values: 'Invalid credentials' (401), 'Token has expired' (401), "
            + "'Invalid token' (401), 'Not authenticated' (401), 'Forbidden' (403), 'Too many requests' (429), "
            + "'Internal server error' (500); other details are human-readable text.";

    private final Map<String, Routes.Route> routes = Routes.all().stream()
            .collect(java.util.stream.Collectors.toMap(r -> r.verb() + " " + r.template(), r -> r));

    /**
     * Names properties as the wire does ({@link dev.gatehouse.platform.rest.JsonConfig}: snake_case) and enum values as the
     * API reads them (lower case): the generator knows the Java names only.
     */
    @Override
    public Schema filterSchema(Schema schema) {
        Map<String, Schema> properties = schema.getProperties();
        if (properties != null && properties.keySet().stream().anyMatch(OpenApiContract::camel)) {
            Map<String, Schema> renamed = new LinkedHashMap<>();
            properties.forEach((name, property) -> renamed.put(JsonNames.snakeCase(name), property));
            schema.setProperties(renamed);
            if (schema.getRequired() != null) {
                schema.setRequired(schema.getRequired().stream().map(JsonNames::snakeCase).toList());
            }
        }
        if (schema.getEnumeration() != null) {
            schema.setEnumeration(schema.getEnumeration().stream()
                    .map(value -> value instanceof String text ? text.toLowerCase(Locale.ROOT) : value).toList());
        }
        return schema;
    }

    private static boolean camel(String name) {
        return !name.equals(JsonNames.snakeCase(name));
    }

    /** Adds the problem schema, then the role, security and error responses of every operation. */
    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema(PROBLEM, problemSchema());
        if (openAPI.getPaths() == null) {
            openAPI.setPaths(OASFactory.createPaths());
        }
        if (openAPI.getPaths().getPathItems() != null) {
            openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((verb, operation) -> {
                Routes.Route route = routes.get(verb.name() + " " + path);
                describe(operation, route == null ? Optional.empty() : route.role(), route != null && route.returnsEntity(),
                        path.contains("{"), route != null && route.beforeSecondFactor());
            }));
        }
        discovery(openAPI);
        precise(openAPI);
        loginAnswers(openAPI);
        dropServerEndpoints(openAPI);
    }

    /**
     * Payara adds a top-level {@code endpoints} member that OpenAPI does not define, so validators
     * and generators refuse the document (Payara fixes it upstream as {@code x-endpoints},
     * FISH-12303). Its serializer leaves empty maps out, so emptying it removes the member; other
     * servers have no such member.
     */
    private static void dropServerEndpoints(OpenAPI openAPI) {
        try {
            if (openAPI.getClass().getMethod("getEndpoints").invoke(openAPI) instanceof Map<?, ?> endpoints) {
                endpoints.clear();
            }
        } catch (NoSuchMethodException e) {
            // not Payara's model: nothing to drop
        } catch (ReflectiveOperationException | UnsupportedOperationException e) {
            throw new IllegalStateException("cannot drop the non-standard endpoints member", e);
        }
    }

    /**
     * The contract, precisely: every wire record's schema from the record itself, typed query and
     * path parameters, and on every operation the statuses it can answer (no catch-all).
     */
    private static void precise(OpenAPI openAPI) {
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        WireSchemas wire = new WireSchemas(RESOURCES);
        wire.records().forEach((name, type) -> {
            Schema schema = schemas.get(name);
            if (schema == null) {
                // SmallRye (WildFly) makes no schema for a type only named by @Schema(ref = ...).
                schema = OASFactory.createSchema();
                openAPI.getComponents().addSchema(name, schema);
            }
            wire.describe(schema, type);
        });
        openAPI.getComponents().addSchema("Role", WireSchemas.role()).addSchema("Health", health());
        for (String path : List.of("/api/health/live", "/api/health/ready")) {
            APIResponses responses = openAPI.getPaths().getPathItem(path).getGET().getResponses();
            for (String status : List.of("200", "503")) {
                if (responses.hasAPIResponse(status)) {
                    responses.getAPIResponse(status).content(OASFactory.createContent().addMediaType(APPLICATION_JSON,
                            OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Health"))));
                }
            }
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((verb, operation) -> {
            if (operation.getParameters() != null) {
                operation.getParameters().forEach(parameter -> {
                    Schema typed = WireSchemas.parameter(parameter.getName());
                    if (typed != null) {
                        parameter.setSchema(typed);
                    }
                });
            }
            APIResponses responses = operation.getResponses();
            responses.removeAPIResponse("default");
            responses.getAPIResponses().forEach((status, response) -> {
                if (status.charAt(0) >= '4' && response.getContent() == null) {
                    response.content(problemContent());
                }
            });
            addProblem(responses, "400", "A request the edge refuses before routing: a query that is not clean UTF-8, "
                    + "an empty header name.");
            addProblem(responses, "413", "A body over the size limit, on any method: every body is read.");
            if (path.startsWith("/api/")) {
                addProblem(responses, "406", "The client accepts no JSON (Accept).");
            }
            addProblem(responses, "500", "An unexpected failure ('Internal server error'); the cause is in the server's log.");
            addProblem(responses, "503", "The database cannot be reached ('Service temporarily unavailable'); see Retry-After.");
        }));
    }

    /**
     * The login's {@code 200} is one of two bodies, a token pair or a second-factor challenge. The
     * generator turns {@code @Schema(oneOf = ...)} into an empty schema on Payara, so the challenge's
     * schema and the {@code oneOf} are stated here, in the wire names of {@code MfaChallenge}.
     */
    private static void loginAnswers(OpenAPI openAPI) {
        Schema challenge = typed(Schema.SchemaType.OBJECT)
                .description("The answer to a login with the right password when TOTP is on: send mfa_token and a code "
                        + "to POST /api/auth/login/mfa within expires_in seconds.")
                .addProperty("mfa_required", typed(Schema.SchemaType.BOOLEAN).enumeration(List.of(true)))
                .addProperty("mfa_token", typed(Schema.SchemaType.STRING).description("Opaque, single use."))
                .addProperty("expires_in", typed(Schema.SchemaType.INTEGER).format("int64"))
                .required(List.of("mfa_required", "mfa_token", "expires_in"));
        openAPI.getComponents().addSchema(MFA_CHALLENGE, challenge);
        var login = openAPI.getPaths().getPathItem("/api/auth/login");
        if (login == null || login.getPOST() == null || login.getPOST().getResponses() == null) {
            return;
        }
        APIResponse ok = login.getPOST().getResponses().getAPIResponse("200");
        if (ok != null && ok.getContent() != null && ok.getContent().getMediaType("application/json") != null) {
            ok.getContent().getMediaType("application/json").setSchema(OASFactory.createSchema().oneOf(List.of(
                    OASFactory.createSchema().ref("TokenPair"), OASFactory.createSchema().ref(MFA_CHALLENGE))));
        }
    }

    /**
     * The two public documents a servlet serves outside {@code /api} (the generator sees only
     * JAX-RS resources): the key set and the discovery document.
     */
    private static void discovery(OpenAPI openAPI) {
        Schema jwk = typed(Schema.SchemaType.OBJECT).description("A public JWK (RFC 7517, 7518, 8037): kid, kty, alg, use "
                + "\"sig\" and the public parameters of its type (RSA: n, e; EC: crv, x, y; OKP: crv, x); never a private part.")
                .addProperty("kid", typed(Schema.SchemaType.STRING))
                .addProperty("kty", typed(Schema.SchemaType.STRING).enumeration(List.of("RSA", "EC", "OKP")))
                .addProperty("alg", typed(Schema.SchemaType.STRING).enumeration(List.of("RS256", "ES256", "EdDSA")))
                .addProperty("use", typed(Schema.SchemaType.STRING).enumeration(List.of("sig")))
                .required(List.of("kid", "kty", "alg", "use")).additionalPropertiesBoolean(false);
        for (String parameter : List.of("n", "e", "crv", "x", "y")) {
            jwk.addProperty(parameter, typed(Schema.SchemaType.STRING));
        }
        Schema keySet = typed(Schema.SchemaType.OBJECT).addProperty("keys", typed(Schema.SchemaType.ARRAY).items(jwk))
                .required(List.of("keys"));
        Schema strings = typed(Schema.SchemaType.ARRAY).items(typed(Schema.SchemaType.STRING));
        Schema configuration = typed(Schema.SchemaType.OBJECT)
                .addProperty("issuer", typed(Schema.SchemaType.STRING))
                .addProperty("jwks_uri", typed(Schema.SchemaType.STRING).format("uri"))
                .addProperty("subject_types_supported", strings)
                .addProperty("id_token_signing_alg_values_supported", strings)
                .addProperty("response_types_supported", strings)
                .addProperty("claims_supported", strings)
                .required(List.of("issuer", "jwks_uri", "subject_types_supported", "id_token_signing_alg_values_supported",
                        "response_types_supported", "claims_supported"));
        openAPI.getComponents().addSchema("JwkSet", keySet).addSchema("DiscoveryDocument", configuration);
        publicDocument(openAPI, DiscoveryServlet.JWKS, "jwks", "The public keys that verify access tokens (empty with HMAC).",
                "JwkSet");
        publicDocument(openAPI, DiscoveryServlet.CONFIGURATION, "openidConfiguration",
                "Where resource servers find the issuer and its keys.", "DiscoveryDocument");
    }

    private static void publicDocument(OpenAPI openAPI, String path, String id, String summary, String schema) {
        MediaType json = OASFactory.createMediaType().schema(OASFactory.createSchema().ref(schema));
        APIResponses responses = OASFactory.createAPIResponses().addAPIResponse("200", OASFactory.createAPIResponse()
                .description("OK; cacheable (Cache-Control: public, max-age = JWT_KEY_ACTIVATION_DELAY_SECONDS)")
                .content(OASFactory.createContent().addMediaType("application/json", json)));
        Operation get = OASFactory.createOperation().operationId(id).summary(summary).description("Public: no token needed, no rate limit.")
                .responses(responses).security(List.<SecurityRequirement>of()).addExtension("x-required-role", "none");
        openAPI.getPaths().addPathItem(path, OASFactory.createPathItem().GET(get));
    }

    private static void describe(Operation operation, Optional<String> role, boolean returnsEntity, boolean hasPathParameter,
                                 boolean beforeSecondFactor) {
        String access = role.map(r -> "Requires a bearer token with role `" + r + "` or above.")
                .orElse("Public: no token needed.");
        String text = operation.getDescription();
        operation.setDescription(text == null || text.isBlank() ? access : text + "\n\n" + access);
        operation.addExtension("x-required-role", role.orElse("none"));
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        if (returnsEntity && responses.hasAPIResponse("default") && !responses.hasAPIResponse("200")) {
            // the generator files a method's return type under "default"; it is the 200 body
            APIResponse success = responses.getAPIResponse("default");
            responses.removeAPIResponse("default");
            responses.addAPIResponse("200", success.description("OK"));
        }
        boolean hasInput = operation.getRequestBody() != null
                || operation.getParameters() != null && !operation.getParameters().isEmpty();
        if (hasInput) {
            addProblem(responses, "400", "Malformed JSON, a wrong type or a failed check, with errors[] per field.");
        }
        if (role.isPresent()) {
            operation.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme("bearer")));
            addProblem(responses, "401", "No valid bearer token ('Not authenticated', 'Invalid token', 'Token has expired').");
            addProblem(responses, "403", "The token's role is too low for this operation ('Forbidden')"
                    + (beforeSecondFactor ? "." : ", or its user's role is in MFA_REQUIRED_ROLES and TOTP is not on yet "
                    + "('Two-factor authentication required')."));
        } else {
            operation.setSecurity(List.<SecurityRequirement>of());
        }
        if (hasPathParameter) {
            addProblem(responses, "404", "No such resource, or one the caller may not see.");
        }
        if (operation.getRequestBody() != null) {
            addProblem(responses, "413", "Body over the size limit.");
            addProblem(responses, "415", "Body not sent as JSON.");
        }
        addProblem(responses, "429", "Rate limit or login throttle ('Too many requests'); see Retry-After.");
    }

    private static void addProblem(APIResponses responses, String status, String description) {
        if (responses.hasAPIResponse(status)) {
            return;
        }
        responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description).content(problemContent()));
    }

    private static Content problemContent() {
        MediaType media = OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM));
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, media);
    }

    private static Schema health() {
        return typed(Schema.SchemaType.OBJECT)
                .addProperty("status", typed(Schema.SchemaType.STRING).enumeration(List.of("UP", "DOWN")))
                .addProperty("checks", typed(Schema.SchemaType.OBJECT))
                .addProperty("version", typed(Schema.SchemaType.STRING))
                .required(List.of("status"));
    }

    private static Schema problemSchema() {
        Schema field = typed(Schema.SchemaType.OBJECT)
                .addProperty("field", typed(Schema.SchemaType.STRING))
                .addProperty("message", typed(Schema.SchemaType.STRING))
                .required(List.of("field", "message"));
        return typed(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details, sent as " + Problem.MEDIA_TYPE + ".")
                .addProperty("type", typed(Schema.SchemaType.STRING).defaultValue("about:blank"))
                .addProperty("status", typed(Schema.SchemaType.INTEGER).format("int32").minimum(java.math.BigDecimal.valueOf(400))
                        .maximum(java.math.BigDecimal.valueOf(599)))
                .addProperty("title", typed(Schema.SchemaType.STRING))
                .addProperty("detail", typed(Schema.SchemaType.STRING).description(FIXED_DETAILS))
                .addProperty("errors", typed(Schema.SchemaType.ARRAY).items(field)
                        .description("Field errors of a 400 validation failure."))
                .required(List.of("type", "status", "title", "detail"));
    }

    /**
     * A schema of one type. MicroProfile OpenAPI 3.x (Payara 6) sets it with {@code type(SchemaType)},
     * 4.x (WildFly 37+) with {@code addType(SchemaType)} and has no {@code type(SchemaType)}; calling
     * either directly fails to link on the other server, so the one present is used.
     */
    static Schema typed(Schema.SchemaType type) {
        Schema schema = OASFactory.createSchema();
        setType(schema, type);
        return schema;
    }

    /**
     * Gives {@code schema} the type {@code type} unless it has one, through whichever setter this
     * server's API has (see {@link #typed}; 4.x's {@code addType} would otherwise list it twice).
     */
    static void setType(Schema schema, Schema.SchemaType type) {
        try {
            Object current = Schema.class.getMethod("getType").invoke(schema);
            if (current != null && !(current instanceof java.util.Collection<?> types && types.isEmpty())) {
                return;
            }
            TYPE_SETTER.invoke(schema, type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot set the schema type " + type, e);
        }
    }

    /**
     * Lets {@code schema} be null as well: {@code nullable: true} in OpenAPI 3.0 (MicroProfile
     * OpenAPI 3.x, Payara 6); the extra type {@code null} in 3.1 (4.x, WildFly), which has no
     * {@code setNullable}.
     */
    static void nullable(Schema schema) {
        try {
            Schema.class.getMethod("setNullable", Boolean.class).invoke(schema, Boolean.TRUE);
        } catch (NoSuchMethodException e) {
            try {
                Schema.class.getMethod("addType", Schema.SchemaType.class).invoke(schema, Schema.SchemaType.valueOf("NULL"));
            } catch (ReflectiveOperationException second) {
                throw new IllegalStateException("cannot make a schema nullable", second);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a schema nullable", e);
        }
    }

    private static Method typeSetter() {
        for (String name : List.of("type", "addType")) {
            try {
                return Schema.class.getMethod(name, Schema.SchemaType.class);
            } catch (NoSuchMethodException e) {
                // try the other API version's name
            }
        }
        throw new IllegalStateException("no single-type setter on " + Schema.class);
    }

}
