package dev.gatehouse.keys.boundary;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;

import dev.gatehouse.access.Caller;
import dev.gatehouse.keys.control.KeyRing;
import dev.gatehouse.keys.control.SigningKeys;
import dev.gatehouse.platform.rest.Params;
import dev.gatehouse.platform.web.ClientInfo;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** {@code /api/signing-keys}: admins see the key set's life cycle and rotate it. */
@Path("signing-keys")
@ApplicationScoped
@Produces(APPLICATION_JSON)
@RolesAllowed("admin")
public class SigningKeysResource {

    @Inject
    SigningKeys keys;

    @Inject
    KeyRing ring;

    @Inject
    HttpServletRequest http;

    @Context
    SecurityContext security;

    /** A page of the stored keys, newest first (empty with an HMAC algorithm or a pinned key). */
    @GET
    public SigningKeyPage listSigningKeys(@Parameter(ref = "limit") @QueryParam("limit") String limit, @Parameter(ref = "cursor") @QueryParam("cursor") String cursor) {
        return SigningKeyPage.of(keys.page(Params.limit(limit), Params.cursor(cursor)), Instant.now());
    }

    /** Makes a new key: published now, signing after the activation delay; 409 where keys do not rotate. */
    @POST
    @Path("rotate")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = APPLICATION_JSON,
            schema = @Schema(implementation = SigningKeyView.class)))
    @APIResponse(responseCode = "409", description = KeyRing.NOT_ROTATABLE)
    public Response rotate() {
        Caller caller = Caller.of(security);
        SigningKeyView key = SigningKeyView.of(ring.rotate(caller.userId(), ClientInfo.of(http)), Instant.now());
        return Response.status(Response.Status.CREATED).entity(key).build();
    }
}
