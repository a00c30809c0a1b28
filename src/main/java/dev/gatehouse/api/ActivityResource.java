package dev.gatehouse.api;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;

import dev.gatehouse.security.Caller;
import dev.gatehouse.service.ActivityService;
import dev.gatehouse.service.ServiceException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;

/** {@code /api/activity}: the append-only security log, read-only by construction. */
@Path("activity")
@RequestScoped
@Produces(APPLICATION_JSON)
@RolesAllowed("guest")
public class ActivityResource {

    @Inject
    ActivityService activity;

    @Context
    HttpServletRequest http;

    /** A page of entries: everyone's for managers and admins, the caller's own for others. */
    @GET
    public Page<ActivityView> list(@QueryParam("user_id") String userId, @QueryParam("action") String action,
                                   @QueryParam("since") String since, @QueryParam("until") String until,
                                   @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        if (action != null && !action.matches("[a-z_]{1,32}\\.[a-z_]{1,32}")) {
            throw Params.bad("action", "must be a dotted action name such as auth.login");
        }
        Caller caller = Caller.of(http).orElseThrow(ServiceException::invalidToken);
        return activity.query(caller, Params.uuid("user_id", userId), action, Params.timestamp("since", since),
                Params.timestamp("until", until), Params.limit(limit), Params.cursor(cursor));
    }
}
