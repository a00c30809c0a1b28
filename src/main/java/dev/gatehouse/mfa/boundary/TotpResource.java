package dev.gatehouse.mfa.boundary;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;

import dev.gatehouse.access.AllowedBeforeSecondFactor;
import dev.gatehouse.access.Caller;
import dev.gatehouse.mfa.control.TotpEnrolment;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code /api/auth/mfa/totp}: the caller turns an authenticator app on as a second factor (enrol,
 * then confirm with the first code) and off again. A root resource of its own: its longer literal
 * path is matched before {@code AuthResource}'s {@code auth}. Open to callers who still owe a
 * second factor, since this is how they pay it.
 */
@Path("auth/mfa/totp")
@ApplicationScoped
@Produces(APPLICATION_JSON)
public class TotpResource {

    @Inject
    TotpEnrolment totp;

    @Inject
    HttpServletRequest http;

    @Context
    SecurityContext security;

    /** Hands out a new pending secret; nothing changes for logins until it is confirmed. */
    @CredentialEndpoint
    @POST
    @RolesAllowed("guest")
    @AllowedBeforeSecondFactor
    @Consumes(APPLICATION_JSON)
    @Operation(summary = "Start TOTP enrolment", description = "Step 1 of 2: send the current password, scan "
            + "otpauth_uri (or type secret) into an authenticator app, then confirm with its first code.")
    @APIResponse(responseCode = "200", description = "A pending secret", content = @Content(mediaType = APPLICATION_JSON,
            schema = @Schema(implementation = TotpEnrolmentView.class)))
    @APIResponse(responseCode = "401", description = "Invalid credentials (wrong current password: counts as a failed "
            + "login)")
    @APIResponse(responseCode = "409", description = "Two-factor authentication is already enabled")
    public TotpEnrolmentView enrol(TotpEnrolmentRequest request) {
        return TotpEnrolmentView.of(totp.enrol(Caller.of(security), request.currentPassword(), ClientInfo.of(http)));
    }

    /** Turns TOTP on with the pending secret; answers the recovery codes, once. */
    @CredentialEndpoint
    @POST
    @Path("confirm")
    @RolesAllowed("guest")
    @AllowedBeforeSecondFactor
    @Consumes(APPLICATION_JSON)
    @Operation(summary = "Confirm TOTP enrolment", description = "Step 2 of 2: the app's current code turns TOTP on. "
            + "Answers ten recovery codes, shown this once; every other session of the caller ends.")
    @APIResponse(responseCode = "200", description = "TOTP is on", content = @Content(mediaType = APPLICATION_JSON,
            schema = @Schema(implementation = RecoveryCodesView.class)))
    @APIResponse(responseCode = "401", description = "Invalid credentials (wrong code: counts as a failed login)")
    @APIResponse(responseCode = "409", description = "No two-factor enrolment is pending, or it is already enabled")
    public RecoveryCodesView confirm(TotpConfirmation request) {
        return new RecoveryCodesView(totp.confirm(Caller.of(security), request.code(), ClientInfo.of(http)));
    }

    /**
     * Turns TOTP off: the password and a code (or a recovery code) once more. A {@code POST} to a
     * path of its own, since a {@code DELETE} with a body is refused by some servers and proxies.
     */
    @POST
    @Path("disable")
    @RolesAllowed("guest")
    @AllowedBeforeSecondFactor
    @CredentialEndpoint
    @Consumes(APPLICATION_JSON)
    @Operation(summary = "Turn TOTP off", description = "Needs the current password and a current code or an unused "
            + "recovery code; the secret and the recovery codes are deleted.")
    @APIResponse(responseCode = "204", description = "TOTP is off")
    @APIResponse(responseCode = "401", description = "Invalid credentials (wrong password or code: counts as a failed login)")
    @APIResponse(responseCode = "409", description = "Two-factor authentication is not enabled")
    public Response disable(TotpRemoval request) {
        totp.disable(Caller.of(security), request.currentPassword(), request.code(), ClientInfo.of(http));
        return Response.noContent().build();
    }

}
