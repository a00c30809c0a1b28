package dev.gatehouse.accounts.boundary;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;

import dev.gatehouse.accounts.control.AccountRegistration;
import dev.gatehouse.platform.web.ClientInfo;
import dev.gatehouse.platform.rest.CredentialEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code POST /api/auth/register}: anyone opens an account with role {@code user}, if registration is on. */
@Path("auth/register")
@ApplicationScoped
@Produces(APPLICATION_JSON)
public class RegistrationResource {

    @Inject
    AccountRegistration users;

    @Inject
    HttpServletRequest http;

    /** Opens an account; 409 if the email is taken, 403 when registration is off. */
    @CredentialEndpoint
    @POST
    @Consumes(APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = APPLICATION_JSON,
            schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "409", description = "Email already registered")
    @APIResponse(responseCode = "403", description = "Registration is disabled")
    public Response register(Registration request) {
        UserView user = UserView.of(users.register(request.email(), request.password(), ClientInfo.of(http)));
        return Response.status(Response.Status.CREATED).entity(user).build();
    }
}
