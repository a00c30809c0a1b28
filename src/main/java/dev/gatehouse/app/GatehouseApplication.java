package dev.gatehouse.app;

import dev.gatehouse.accounts.boundary.EmailVerificationResource;
import dev.gatehouse.accounts.boundary.PasswordResetResource;
import dev.gatehouse.accounts.boundary.RegistrationResource;
import dev.gatehouse.accounts.boundary.UsersResource;
import dev.gatehouse.operations.HealthResource;
import dev.gatehouse.activity.boundary.ActivityResource;
import dev.gatehouse.keys.boundary.SigningKeysResource;
import dev.gatehouse.mfa.boundary.TotpResource;
import dev.gatehouse.mfa.boundary.UserMfaResource;
import dev.gatehouse.platform.problem.ConstraintViolationMapper;
import dev.gatehouse.platform.problem.EjbFailureMapper;
import dev.gatehouse.platform.problem.FailureMapper;
import dev.gatehouse.platform.rest.JsonBodyReader;
import dev.gatehouse.platform.rest.RequiredBody;
import dev.gatehouse.platform.rest.JsonConfig;
import dev.gatehouse.platform.rest.RequestTiming;
import dev.gatehouse.platform.rest.ResponseDelivery;
import dev.gatehouse.platform.rest.RouteTable;
import dev.gatehouse.sessions.boundary.AuthResource;
import dev.gatehouse.sessions.boundary.SessionsResource;
import dev.gatehouse.sessions.boundary.UserSessionsResource;
import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.servers.Server;

/**
 * The JAX-RS application under {@code /api}, and the one list of its resources: JAX-RS serves
 * exactly these classes (no scanning), and {@link #ROUTES}, read from them, tells the code outside
 * JAX-RS which operation a request will reach. The four roles are declared here because a group
 * is mapped to a role only when the application declares it. The OpenAPI document is generated
 * from these annotations at build time; its one server is the relative {@code /}, the host the
 * document was fetched from, right behind any proxy.
 */
@ApplicationPath(GatehouseApplication.PATH)
@DeclareRoles({"admin", "manager", "user", "guest"})
@OpenAPIDefinition(info = @Info(title = "Gatehouse", version = "1",
        description = "Authentication and user management. Errors are application/problem+json (RFC 9457) "
                + "with status, title, detail and, for validation failures, errors[]. Fixed details: "
                + "'Invalid credentials', 'Token has expired', 'Invalid token', 'Not authenticated', "
                + "'Forbidden', 'Too many requests'. Roles: admin > manager > user > guest; a token "
                + "grants its role and every role below."),
        servers = @Server(url = "/", description = "The host this document was fetched from."),
        components = @Components(parameters = {
            @Parameter(name = "id", in = ParameterIn.PATH, required = true, description = "A user or session id.",
                    schema = @Schema(type = SchemaType.STRING, format = "uuid")),
            @Parameter(name = "limit", in = ParameterIn.QUERY, description = "Page size.",
                    schema = @Schema(type = SchemaType.INTEGER, format = "int32", minimum = "1", maximum = "100", defaultValue = "20")),
            @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "The next_cursor of the previous page.",
                    schema = @Schema(type = SchemaType.STRING, pattern = "^[A-Za-z0-9_-]+$", maxLength = 64))}))
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public class GatehouseApplication extends Application {

    /** Where the API lives. */
    public static final String PATH = "api";

    /** Every resource of the API. */
    public static final List<Class<?>> RESOURCES = List.of(AuthResource.class, RegistrationResource.class,
            UsersResource.class, SessionsResource.class, UserSessionsResource.class, ActivityResource.class,
            SigningKeysResource.class, HealthResource.class, PasswordResetResource.class, EmailVerificationResource.class,
            TotpResource.class, UserMfaResource.class);

    /** The route table of {@link #RESOURCES}. */
    public static final RouteTable ROUTES = RouteTable.of("/" + PATH, RESOURCES);

    private static final List<Class<?>> PROVIDERS = List.of(RouteGuard.class, RequestTiming.class, JsonBodyReader.class, RequiredBody.class,
            JsonConfig.class, ResponseDelivery.class, FailureMapper.class, EjbFailureMapper.class, ConstraintViolationMapper.class);

    /** The resources and the providers (mappers, the JSON reader and writer, the body check, the guard, the timing, the delivery). */
    @Override
    public Set<Class<?>> getClasses() {
        Set<Class<?>> classes = new HashSet<>(RESOURCES);
        classes.addAll(PROVIDERS);
        return classes;
    }

    /**
     * Jersey's generated WADL answers a plain {@code OPTIONS} with an XML description of the API:
     * the OpenAPI document is the one description, so the WADL is off (RESTEasy has none).
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }

    /** Hands {@link #ROUTES} to the code outside JAX-RS that must know the routes (edge, bearer mechanism). */
    @ApplicationScoped
    public static class RoutesProducer {

        /** The application's route table. */
        @Produces
        public RouteTable routes() {
            return ROUTES;
        }
    }
}
