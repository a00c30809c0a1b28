package dev.gatehouse.sessions.boundary;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;

import dev.gatehouse.access.AllowedBeforeSecondFactor;
import dev.gatehouse.access.Caller;
import dev.gatehouse.accounts.boundary.UserView;
import dev.gatehouse.platform.problem.Failure;
import dev.gatehouse.platform.web.ClientInfo;
import dev.gatehouse.sessions.control.AuthService;
import dev.gatehouse.sessions.control.IssuedTokens;
import dev.gatehouse.sessions.control.LoginStep;
import dev.gatehouse.sessions.control.SecondFactorRequired;
import dev.gatehouse.sessions.control.SessionService;
import dev.gatehouse.platform.rest.CredentialEndpoint;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code /api/auth}: the entry points a client uses to get, renew and give up its tokens, and to
 * read itself. Every response carrying a token is {@code Cache-Control: no-store} (set on all of
 * {@code /api}).
 */
@Path("auth")
@ApplicationScoped
@Produces(APPLICATION_JSON)
public class AuthResource {

    @Inject
    AuthService auth;

    @Inject
    SessionService sessions;

    @Inject
    HttpServletRequest http;

    @Context
    SecurityContext security;

    /**
     * Exchanges credentials for a token pair, or for an {@code mfa_token} when TOTP guards the
     * account; 401 for any bad credential, never which one.
     */
    @CredentialEndpoint
    @POST
    @Path("login")
    @Consumes(APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "A token pair; or, when TOTP is on, {mfa_required: true, mfa_token, "
            + "expires_in} to complete with POST /api/auth/login/mfa (one of TokenPair, MfaChallenge)",
            content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(oneOf = {TokenPair.class, MfaChallenge.class})))
    @APIResponse(responseCode = "401", description = "Invalid credentials")
    @APIResponse(responseCode = "403", description = "Email not verified (EMAIL_VERIFICATION_REQUIRED)")
    public Response login(LoginRequest request) {
        LoginStep step = auth.login(request.email(), request.password(), ClientInfo.of(http));
        Object answer = step instanceof SecondFactorRequired required
                ? MfaChallenge.of(required) : TokenPair.of((IssuedTokens) step);
        return Response.ok(answer).build();
    }

    /**
     * The second step of a login when TOTP is on: the {@code mfa_token} and a current TOTP code, or
     * an unused recovery code, for a token pair whose access tokens say {@code amr ["pwd","otp"]}.
     */
    @CredentialEndpoint
    @POST
    @Path("login/mfa")
    @Consumes(APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = APPLICATION_JSON,
            schema = @Schema(implementation = TokenPair.class)))
    @APIResponse(responseCode = "401", description = "Invalid credentials (wrong code: counts as a failed login) or "
            + "Invalid token (unknown, used, expired mfa_token, or one dead after 5 wrong codes)")
    public TokenPair loginWithSecondFactor(SecondFactorLogin request) {
        return TokenPair.of(auth.loginWithSecondFactor(request.mfaToken(), request.code(), ClientInfo.of(http)));
    }

    /** Rotates a refresh token into a new pair; the presented token is dead afterwards. */
    @CredentialEndpoint
    @POST
    @Path("refresh")
    @Consumes(APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = TokenPair.class)))
    @APIResponse(responseCode = "401", description = "Invalid token")
    public TokenPair refresh(RefreshRequest request) {
        return TokenPair.of(auth.refresh(request.refreshToken(), ClientInfo.of(http)));
    }

    /** Revokes the caller's session. */
    @POST
    @Path("logout")
    @RolesAllowed("guest")
    @AllowedBeforeSecondFactor
    @APIResponse(responseCode = "204", description = "Done")
    public Response logout() {
        sessions.logout(Caller.of(security), ClientInfo.of(http));
        return Response.noContent().build();
    }

    /** Revokes every session of the caller. */
    @POST
    @Path("logout-all")
    @RolesAllowed("guest")
    @AllowedBeforeSecondFactor
    @APIResponse(responseCode = "204", description = "Done")
    public Response logoutAll() {
        sessions.logoutAll(Caller.of(security), ClientInfo.of(http));
        return Response.noContent().build();
    }

    /**
     * The caller as a user object, from the session state the bearer check read for this request
     * (see {@link SessionCaller}): no second read.
     */
    @GET
    @Path("me")
    @RolesAllowed("guest")
    @AllowedBeforeSecondFactor
    public UserView me() {
        if (!(security.getUserPrincipal() instanceof SessionCaller caller)) {
            throw Failure.notAuthenticated();
        }
        return UserView.of(caller.state().account());
    }

    /** Changes the caller's password; every other session of the caller ends. */
    @CredentialEndpoint
    @PUT
    @Path("password")
    @Consumes(APPLICATION_JSON)
    @RolesAllowed("guest")
    @APIResponse(responseCode = "204", description = "Done")
    public Response changePassword(PasswordChange request) {
        auth.changePassword(Caller.of(security), request.currentPassword(), request.newPassword(), ClientInfo.of(http));
        return Response.noContent().build();
    }

}
