package dev.gatehouse.sessions.boundary;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;

import dev.gatehouse.access.Caller;
import dev.gatehouse.platform.rest.Params;
import dev.gatehouse.sessions.control.SessionService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** {@code /api/users/{id}/sessions}: an admin's view of another user's live sessions. */
@Path("users/{id}/sessions")
@ApplicationScoped
@Produces(APPLICATION_JSON)
public class UserSessionsResource {

    @Inject
    SessionService sessions;

    @Inject
    HttpServletRequest http;

    @Context
    SecurityContext security;

    /** A user's live sessions (admins); 404 for an unknown user. */
    @GET
    @RolesAllowed("admin")
    public SessionPage listUserSessions(@Parameter(ref = "id") @PathParam("id") String id, @Parameter(ref = "limit") @QueryParam("limit") String limit,
                            @Parameter(ref = "cursor") @QueryParam("cursor") String cursor) {
        Caller caller = Caller.of(security);
        return SessionPage.of(sessions.of(caller, Params.id(id), Params.limit(limit), Params.cursor(cursor)));
    }
}
