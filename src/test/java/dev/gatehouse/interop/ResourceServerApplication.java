package dev.gatehouse.interop;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * A MicroProfile JWT resource server, as a team behind Gatehouse would write one: it knows only
 * Gatehouse's JWKS URL and issuer (META-INF/microprofile-config.properties, written by the test)
 * and checks roles with {@code @RolesAllowed}. Deployed beside Gatehouse by KeyPairInteropIT;
 * never part of the Gatehouse WAR. Payara's MP-JWT wants the application class to be a CDI bean.
 */
@ApplicationScoped
@LoginConfig(authMethod = "MP-JWT")
@ApplicationPath("/api")
@DeclareRoles({"admin", "manager", "user", "guest"})
public class ResourceServerApplication extends Application {
}
