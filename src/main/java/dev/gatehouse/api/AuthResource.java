package dev.gatehouse.api;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;

import dev.gatehouse.security.Caller;
import dev.gatehouse.security.SessionStateCache;
import dev.gatehouse.service.AuthService;
import dev.gatehouse.service.ServiceException;
import dev.gatehouse.service.SessionService;
import dev.gatehouse.service.UserService;
import dev.gatehouse.util.ClientInfo;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code /api/auth}: the entry points a client uses to get, renew and give up its tokens. Every
 * response carrying a token is {@code Cache-Control: no-store} (the request filter sets it on all
 * of {@code /api}).
 */
@Path("auth")
@RequestScoped
@Produces(APPLICATION_JSON)
public class AuthResource {

    @Inject
    AuthService auth;

    @Inject
    SessionService sessions;

    @Inject
    UserService users;

    @Inject
    SessionStateCache cache;

    @Context
    HttpServletRequest http;

    /** Opens an account with role {@code user}; 409 if the email is taken. */
    @POST
    @Path("register")
    @Consumes(APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = APPLICATION_JSON,
            schema = @Schema(ref = "UserView")))
    @APIResponse(responseCode = "409", description = "Email already registered", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(ref = OpenApiContract.PROBLEM)))
    public Response register(@Valid @NotNull Registration request) {
        UserView user = auth.register(request.email(), request.password(), ClientInfo.of(http));
        return Response.status(Response.Status.CREATED).entity(user).build();
    }

    /** Exchanges credentials for a token pair; 401 for any bad credential, never which one. */
    @POST
    @Path("login")
    @Consumes(APPLICATION_JSON)
    public TokenPair login(@Valid @NotNull Credentials request) {
        return auth.login(request.email(), request.password(), ClientInfo.of(http));
    }

    /** Rotates a refresh token into a new pair; the presented token is dead afterwards. */
    @POST
    @Path("refresh")
    @Consumes(APPLICATION_JSON)
    public TokenPair refresh(@Valid @NotNull RefreshRequest request) {
        return sessions.refresh(request.refreshToken(), ClientInfo.of(http));
    }

    /** Revokes the caller's session. */
    @POST
    @Path("logout")
    @RolesAllowed("guest")
    @APIResponse(responseCode = "204", description = "Done")
    public Response logout() {
        Caller caller = caller();
        sessions.logout(caller.userId(), caller.sessionId(), ClientInfo.of(http));
        return Response.noContent().build();
    }

    /** Revokes every session of the caller. */
    @POST
    @Path("logout-all")
    @RolesAllowed("guest")
    @APIResponse(responseCode = "204", description = "Done")
    public Response logoutAll() {
        sessions.logoutAll(caller().userId(), ClientInfo.of(http));
        return Response.noContent().build();
    }

    /**
     * The caller as a user object, from this node's cache when fresh: every change to a user on
     * this node drops it, and other nodes' changes show within {@link SessionStateCache#TTL}.
     */
    @GET
    @Path("me")
    @RolesAllowed("guest")
    public UserView me() {
        UUID id = caller().userId();
        return cache.view(id).orElseGet(() -> cache.remember(id, users.self(id)));
    }

    /** Changes the caller's password; every other session of the caller ends. */
    @PUT
    @Path("password")
    @Consumes(APPLICATION_JSON)
    @RolesAllowed("guest")
    @APIResponse(responseCode = "204", description = "Done")
    public Response changePassword(@Valid @NotNull PasswordChange request) {
        auth.changePassword(caller(), request.currentPassword(), request.newPassword(), ClientInfo.of(http));
        return Response.noContent().build();
    }

    private Caller caller() {
        return Caller.of(http).orElseThrow(ServiceException::invalidToken);
    }
}
