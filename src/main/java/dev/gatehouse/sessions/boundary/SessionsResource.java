package dev.gatehouse.sessions.boundary;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;

import dev.gatehouse.access.Caller;
import dev.gatehouse.platform.rest.Params;
import dev.gatehouse.platform.web.ClientInfo;
import dev.gatehouse.sessions.control.SessionService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** {@code /api/sessions}: the caller's own logins, and revoking one (its own, or any for admins). */
@Path("sessions")
@ApplicationScoped
@Produces(APPLICATION_JSON)
@RolesAllowed("guest")
public class SessionsResource {

    @Inject
    SessionService sessions;

    @Inject
    HttpServletRequest http;

    @Context
    SecurityContext security;

    /** The caller's live sessions, {@code current} marking the one of this token. */
    @GET
    public SessionPage mine(@Parameter(ref = "limit") @QueryParam("limit") String limit, @Parameter(ref = "cursor") @QueryParam("cursor") String cursor) {
        return SessionPage.of(sessions.mine(Caller.of(security), Params.limit(limit), Params.cursor(cursor)));
    }

    /** Revokes a session as logout would; someone else's is 404 unless the caller is an admin. */
    @DELETE
    @Path("{id}")
    @APIResponse(responseCode = "204", description = "Done")
    public Response revoke(@Parameter(ref = "id") @PathParam("id") String id) {
        sessions.revokeById(Caller.of(security), Params.id(id), ClientInfo.of(http));
        return Response.noContent().build();
    }

}
