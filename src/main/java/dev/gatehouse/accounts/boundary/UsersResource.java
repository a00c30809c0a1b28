package dev.gatehouse.accounts.boundary;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;

import dev.gatehouse.access.Caller;
import dev.gatehouse.access.HidesOtherAccounts;
import dev.gatehouse.access.Role;
import dev.gatehouse.accounts.control.UserFilter;
import dev.gatehouse.accounts.control.UserAdministration;
import dev.gatehouse.platform.problem.Failure;
import dev.gatehouse.platform.rest.Params;
import dev.gatehouse.platform.web.ClientInfo;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;

/**
 * {@code /api/users}: accounts as admins and managers manage them, and a user's view of itself.
 * {@code @RolesAllowed} is the coarse rule; the fine rules are {@code AccessPolicy}'s, applied in
 * {@link UserAdministration}.
 */
@Path("users")
@ApplicationScoped
@Produces(APPLICATION_JSON)
public class UsersResource {

    /** The longest {@code q} accepted: an email is at most 254 characters. */
    static final int MAX_QUERY = 254;

    @Inject
    UserAdministration users;

    @Inject
    HttpServletRequest http;

    @Context
    SecurityContext security;

    /** A page of users (managers, admins), filtered by role, activity, email substring, deletion. */
    @GET
    @RolesAllowed("manager")
    public UserPage listUsers(@Parameter(schema = @Schema(implementation = Role.class)) @QueryParam("role") String role, @Parameter(schema = @Schema(type = SchemaType.BOOLEAN)) @QueryParam("is_active") String active,
                         @Parameter(schema = @Schema(type = SchemaType.STRING, maxLength = MAX_QUERY)) @QueryParam("q") String q, @Parameter(schema = @Schema(type = SchemaType.BOOLEAN)) @QueryParam("include_deleted") String includeDeleted,
                         @Parameter(ref = "limit") @QueryParam("limit") String limit, @Parameter(ref = "cursor") @QueryParam("cursor") String cursor) {
        Role roleFilter = role == null ? null : Role.fromWire(role)
                .orElseThrow(() -> Failure.invalidParameter("role", "must be one of admin, manager, user, guest"));
        Boolean deleted = Params.bool("include_deleted", includeDeleted);
        UserFilter filter = new UserFilter(roleFilter, Params.bool("is_active", active), Params.text("q", q, MAX_QUERY),
                Boolean.TRUE.equals(deleted));
        return UserPage.of(users.list(Caller.of(security), filter, Params.limit(limit), Params.cursor(cursor)));
    }

    /** Creates an account of any role (admins). */
    @POST
    @RolesAllowed("admin")
    @Consumes(APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = APPLICATION_JSON,
            schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "409", description = "Email already registered")
    public Response create(NewUser request) {
        UserView user = UserView.of(users.create(Caller.of(security), request.email(), request.password(), request.role(),
                ClientInfo.of(http)));
        return Response.status(Response.Status.CREATED).entity(user).build();
    }

    /** One user: managers and admins any, others only themselves (404 otherwise). */
    @GET
    @Path("{id}")
    @RolesAllowed("guest")
    public UserView get(@Parameter(ref = "id") @PathParam("id") String id) {
        return UserView.of(users.get(Caller.of(security), Params.id(id)));
    }

    /** Changes role, activity or email within the caller's rights. */
    @PATCH
    @Path("{id}")
    @RolesAllowed("manager")
    @HidesOtherAccounts
    @Consumes({APPLICATION_JSON, "application/merge-patch+json"})
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = APPLICATION_JSON,
            schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "409", description = "Email already registered, a concurrent change, or the last active admin")
    public UserView patch(@Parameter(ref = "id") @PathParam("id") String id, UserPatch request) {
        return UserView.of(users.patch(Caller.of(security), Params.id(id), request.changes(), ClientInfo.of(http)));
    }

    /** Soft-deletes a user and ends its sessions (admins). */
    @DELETE
    @Path("{id}")
    @RolesAllowed("admin")
    @APIResponse(responseCode = "204", description = "Done")
    @APIResponse(responseCode = "409", description = "The last active admin")
    public Response delete(@Parameter(ref = "id") @PathParam("id") String id) {
        users.delete(Caller.of(security), Params.id(id), ClientInfo.of(http));
        return Response.noContent().build();
    }

    /** Brings a soft-deleted user back (admins). */
    @POST
    @Path("{id}/restore")
    @RolesAllowed("admin")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = APPLICATION_JSON,
            schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "409", description = "Not deleted, or its email was taken meanwhile")
    public UserView restore(@Parameter(ref = "id") @PathParam("id") String id) {
        return UserView.of(users.restore(Caller.of(security), Params.id(id), ClientInfo.of(http)));
    }

}
