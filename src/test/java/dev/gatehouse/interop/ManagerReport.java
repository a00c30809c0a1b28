package dev.gatehouse.interop;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The resource server's one protected resource: managers (and admins, through {@code groups}) only. */
@Path("report")
@RequestScoped
public class ManagerReport {

    @Inject
    JsonWebToken token;

    /** Names the caller by the token's {@code upn}, which MicroProfile JWT maps to the caller name. */
    @GET
    @RolesAllowed("manager")
    @Produces(MediaType.TEXT_PLAIN)
    public String report() {
        return "report for " + token.getName();
    }
}
