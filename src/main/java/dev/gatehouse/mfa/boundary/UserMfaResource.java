package dev.gatehouse.mfa.boundary;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;

import dev.gatehouse.access.Caller;
import dev.gatehouse.mfa.control.TotpEnrolment;
import dev.gatehouse.platform.rest.Params;
import dev.gatehouse.platform.web.ClientInfo;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * {@code DELETE /api/users/{id}/mfa}: an admin turns off the second factor of a user who lost the
 * device. A root resource of its own: its longer literal path is matched before
 * {@code UsersResource}'s {@code users}.
 */
@Path("users/{id}/mfa")
@ApplicationScoped
@Produces(APPLICATION_JSON)
public class UserMfaResource {

    @Inject
    TotpEnrolment totp;

    @Inject
    HttpServletRequest http;

    @Context
    SecurityContext security;

    /** Resets the user's TOTP and ends its sessions; recorded as {@code user.mfa_reset} by the admin. */
    @DELETE
    @RolesAllowed("admin")
    @Operation(summary = "Reset a user's second factor", description = "For a lost device: TOTP off, recovery codes "
            + "deleted, every session of the user revoked. The user logs in with the password and may enrol again.")
    @APIResponse(responseCode = "204", description = "TOTP is off")
    public Response reset(@Parameter(ref = "id") @PathParam("id") String id) {
        totp.reset(Caller.of(security), Params.id(id), ClientInfo.of(http));
        return Response.noContent().build();
    }
}
