package dev.gatehouse.api;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The JAX-RS application under {@code /api}. The four roles are declared here because a group is
 * mapped to a role only when the application declares it.
 */
@ApplicationPath("api")
@DeclareRoles({"admin", "manager", "user", "guest"})
public class GatehouseApplication extends Application {
}
