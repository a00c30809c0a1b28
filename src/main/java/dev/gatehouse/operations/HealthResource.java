package dev.gatehouse.operations;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;

import dev.gatehouse.platform.config.ServerSettings;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code /api/health}: liveness (the process answers) and readiness (the database answers a
 * query within two seconds). Public and exempt from rate limiting, for load balancers.
 */
@Path("health")
@ApplicationScoped
@Produces(APPLICATION_JSON)
public class HealthResource {

    @Resource(lookup = "java:app/jdbc/gatehouse")
    DataSource dataSource;

    @Inject
    ServerSettings settings;

    /** 200 while the process can serve requests at all. */
    @GET
    @Path("live")
    @APIResponse(responseCode = "200", description = "The process serves requests")
    public HealthView live() {
        return HealthView.LIVE;
    }

    /** 200 when the database answers, else 503 with {@code "status": "DOWN"}. */
    @GET
    @Path("ready")
    @APIResponse(responseCode = "200", description = "The database answers", content = @Content(mediaType = APPLICATION_JSON,
            schema = @Schema(implementation = HealthView.class)))
    @APIResponse(responseCode = "503", description = "The database does not answer", content = @Content(
            mediaType = APPLICATION_JSON, schema = @Schema(implementation = HealthView.class)))
    public Response ready() {
        boolean up = databaseAnswers();
        return Response.status(up ? 200 : 503).entity(HealthView.ready(up, settings.appVersion())).build();
    }

    private boolean databaseAnswers() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(2);
            return statement.execute("SELECT 1");
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }
}
