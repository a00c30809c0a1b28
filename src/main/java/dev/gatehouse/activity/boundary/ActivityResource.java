package dev.gatehouse.activity.boundary;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;

import dev.gatehouse.access.Caller;
import dev.gatehouse.activity.control.ActivityLog;
import dev.gatehouse.platform.problem.Failure;
import dev.gatehouse.platform.rest.Params;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code /api/activity}: the append-only security log, read-only by construction. */
@Path("activity")
@ApplicationScoped
@Produces(APPLICATION_JSON)
@RolesAllowed("guest")
public class ActivityResource {

    private static final Pattern ACTION = Pattern.compile("[a-z_]{1,32}\\.[a-z_]{1,32}");

    @Inject
    ActivityLog activity;

    @Inject
    HttpServletRequest http;

    @Context
    SecurityContext security;

    /** A page of entries: everyone's for managers and admins, the caller's own for others. */
    @GET
    public ActivityPage listActivity(@Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid")) @QueryParam("user_id") String userId, @Parameter(schema = @Schema(type = SchemaType.STRING, pattern = "^[a-z_]{1,32}\\.[a-z_]{1,32}$")) @QueryParam("action") String action,
                             @Parameter(schema = @Schema(type = SchemaType.STRING, format = "date-time")) @QueryParam("since") String since, @Parameter(schema = @Schema(type = SchemaType.STRING, format = "date-time")) @QueryParam("until") String until,
                             @Parameter(ref = "limit") @QueryParam("limit") String limit, @Parameter(ref = "cursor") @QueryParam("cursor") String cursor) {
        if (action != null && !ACTION.matcher(action).matches()) {
            throw Failure.invalidParameter("action", "must be a dotted action name such as auth.login");
        }
        Caller caller = Caller.of(security);
        return ActivityPage.of(activity.query(caller, Params.uuid("user_id", userId), action,
                Params.timestamp("since", since), Params.timestamp("until", until), Params.limit(limit),
                Params.cursor(cursor)));
    }
}
