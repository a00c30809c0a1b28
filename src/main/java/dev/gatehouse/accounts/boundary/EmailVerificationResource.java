package dev.gatehouse.accounts.boundary;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;

import dev.gatehouse.access.Caller;
import dev.gatehouse.accounts.control.Recovery;
import dev.gatehouse.platform.web.ClientInfo;
import dev.gatehouse.platform.rest.CredentialEndpoint;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code /api/auth/email-verification}: a signed-in user asks for a verification mail, and anyone
 * holding the link's token proves the address with it.
 */
@Path("auth/email-verification")
@ApplicationScoped
@Produces(APPLICATION_JSON)
public class EmailVerificationResource {

    @Inject
    Recovery recovery;

    @Inject
    HttpServletRequest http;

    @Context
    SecurityContext security;

    /** Queues a verification mail to the caller's address; 409 when it is already verified. */
    @CredentialEndpoint
    @POST
    @RolesAllowed("guest")
    @APIResponse(responseCode = "202", description = "Accepted: a verification mail is on its way")
    @APIResponse(responseCode = "409", description = "Email already verified")
    @APIResponse(responseCode = "429", description = "Too many verification mails to this address in the last hour")
    public Response requestEmailVerification() {
        recovery.requestVerification(Caller.of(security), ClientInfo.of(http));
        return Response.accepted().build();
    }

    /** Marks the address verified with a verification token. */
    @CredentialEndpoint
    @POST
    @Path("confirm")
    @Consumes(APPLICATION_JSON)
    @APIResponse(responseCode = "204", description = "Email verified")
    @APIResponse(responseCode = "401", description = "Invalid token")
    public Response confirmEmailVerification(EmailVerificationConfirmation request) {
        recovery.confirmVerification(request.token(), ClientInfo.of(http));
        return Response.noContent().build();
    }
}
