package dev.gatehouse.accounts.boundary;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;

import dev.gatehouse.accounts.control.Recovery;
import dev.gatehouse.platform.web.ClientInfo;
import dev.gatehouse.platform.rest.CredentialEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code /api/auth/password-reset}: anyone asks for a reset link and sets a new password with it.
 * The request answers {@code 202} with no body for every well-formed email, so it tells nobody
 * which emails have accounts.
 */
@Path("auth/password-reset")
@ApplicationScoped
@Produces(APPLICATION_JSON)
public class PasswordResetResource {

    @Inject
    Recovery recovery;

    @Inject
    HttpServletRequest http;

    /** Queues a reset mail if an active account has this email; the answer is the same either way. */
    @CredentialEndpoint
    @POST
    @Consumes(APPLICATION_JSON)
    @APIResponse(responseCode = "202", description = "Accepted: a mail is on its way if an active account has this email")
    public Response requestPasswordReset(PasswordResetRequest request) {
        recovery.requestReset(request.email(), ClientInfo.of(http));
        return Response.accepted().build();
    }

    /** Sets a new password with a reset token; every session of the account ends. */
    @CredentialEndpoint
    @POST
    @Path("confirm")
    @Consumes(APPLICATION_JSON)
    @APIResponse(responseCode = "204", description = "Password set; every session revoked")
    @APIResponse(responseCode = "401", description = "Invalid token")
    public Response confirmPasswordReset(PasswordResetConfirmation request) {
        recovery.confirmReset(request.token(), request.newPassword(), ClientInfo.of(http));
        return Response.noContent().build();
    }
}
