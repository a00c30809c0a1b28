package dev.gatehouse.app;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.servers.Server;

/**
 * The JAX-RS application under {@code /api}. The four roles are declared here because a group is
 * mapped to a role only when the application declares it. The OpenAPI document served at
 * {@code /openapi} is generated from these annotations and the resources. Its one server is the
 * relative {@code /}, the host the document was fetched from: without it Payara lists its own
 * {@code http://localhost:<port>/}, wrong for every client behind a proxy or on another host
 * (Swagger UI at {@code /docs} would send its requests there).
 */
@ApplicationPath("api")
@DeclareRoles({"admin", "manager", "user", "guest"})
@OpenAPIDefinition(info = @Info(title = "Gatehouse", version = "1",
        description = "Authentication and user management. Errors are application/problem+json (RFC 9457) "
                + "with status, title, detail and, for validation failures, errors[]. Fixed details: "
                + "'Invalid credentials', 'Token has expired', 'Invalid token', 'Not authenticated', "
                + "'Forbidden', 'Too many requests'. Roles: admin > manager > user > guest; a token "
                + "grants its role and every role below."),
        servers = @Server(url = "/", description = "The host this document was fetched from."))
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public class GatehouseApplication extends Application {

    /**
     * Jersey's generated WADL answers a plain {@code OPTIONS} with an XML description of the API:
     * the OpenAPI document is the one description, so the WADL is off (RESTEasy has none).
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
