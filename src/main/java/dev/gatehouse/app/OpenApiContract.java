package dev.gatehouse.app;

import dev.gatehouse.access.AllowedBeforeSecondFactor;
import dev.gatehouse.platform.problem.Problem;
import dev.gatehouse.platform.rest.RouteTable;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

/**
 * Completes the OpenAPI document, generated at build time from the resources and the wire
 * records, with what belongs to every operation rather than to one: the role it requires, read
 * from the route table (the same {@code @RolesAllowed} the container enforces), as a line of its
 * description, the extension {@code x-required-role} and its bearer requirement; and the refusals
 * the edge, the guard and the problem mappers can answer on it, each a problem document.
 */
public class OpenApiContract implements OASFilter {

    /** Adds the role, security and refusals of every operation. */
    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((verb, operation) -> {
            Optional<RouteTable.Route> route = GatehouseApplication.ROUTES.find(verb.name(), path);
            describeAccess(operation, route);
            describeRefusals(operation, path, route.filter(RouteTable.Route::isProtected).isPresent(),
                    route.filter(r -> r.has(AllowedBeforeSecondFactor.class)).isPresent());
        }));
        canonicalOrder(openAPI);
    }

    /**
     * Sorts the maps whose order would otherwise come from the scan (the order classes are found)
     * or from the order refusals were added here: paths, each operation's responses by status,
     * component schemas. The document's bytes then depend on the code alone, on every build.
     */
    private static void canonicalOrder(OpenAPI openAPI) {
        openAPI.getPaths().setPathItems(new TreeMap<>(openAPI.getPaths().getPathItems()));
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(operation ->
                operation.getResponses().setAPIResponses(new TreeMap<>(operation.getResponses().getAPIResponses()))));
        if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
            openAPI.getComponents().setSchemas(new TreeMap<>(openAPI.getComponents().getSchemas()));
        }
    }

    private static void describeAccess(Operation operation, Optional<RouteTable.Route> route) {
        Optional<String> role = route.filter(RouteTable.Route::isProtected)
                .map(r -> String.join(" or ", new TreeSet<>(r.rolesAllowed())));   // a Set's order differs per JVM
        String access = role.map(r -> "Requires a bearer token with role `" + r + "` or above.")
                .orElse("Public: no token needed.");
        String text = operation.getDescription();
        operation.setDescription(text == null || text.isBlank() ? access : text + "\n\n" + access);
        operation.addExtension("x-required-role", role.orElse("none"));
        operation.setSecurity(role.isPresent() ? List.of(OASFactory.createSecurityRequirement().addScheme("bearer"))
                : List.<SecurityRequirement>of());
    }

    private static void describeRefusals(Operation operation, String path, boolean isProtected, boolean beforeSecondFactor) {
        APIResponses responses = operation.getResponses();
        responses.getAPIResponses().forEach((status, response) -> {
            if (status.charAt(0) >= '4' && response.getContent() == null) {
                response.content(problem());
            }
        });
        boolean body = operation.getRequestBody() != null;
        if (body) {
            operation.getRequestBody().setRequired(true);
            refusal(responses, "400", "Malformed JSON (also a missing body), a wrong type or a failed check, with errors[] per field.");
            refusal(responses, "415", "Body not sent as JSON.");
        }
        refusal(responses, "400", "A path or query value that is not valid, or a request the edge refuses before routing.");
        if (isProtected) {
            refusal(responses, "401", "No valid bearer token ('Not authenticated', 'Invalid token', 'Token has expired').");
            refusal(responses, "403", "The token's role is too low for this operation ('Forbidden')" + (beforeSecondFactor ? "."
                    : ", or its user's role is in MFA_REQUIRED_ROLES and TOTP is not on yet ('Two-factor authentication required')."));
        }
        if (path.contains("{")) {
            refusal(responses, "404", "No such resource, or one the caller may not see.");
        }
        describeEdgeRefusals(responses, path);
    }

    /** What the edge and the runtime may answer on any operation: the Accept, the budget, the size, a failure. */
    private static void describeEdgeRefusals(APIResponses responses, String path) {
        if (path.startsWith("/" + GatehouseApplication.PATH + "/")) {
            refusal(responses, "406", "The client accepts no JSON (Accept).");
            if (!path.startsWith("/api/health/")) {
                refusal(responses, "429", "Rate limit or login throttle ('Too many requests'); see Retry-After.");
            }
        }
        refusal(responses, "413", "A body over the size limit, on any method: every body is read.");
        refusal(responses, "500", "An unexpected failure ('Internal server error'); the cause is in the server's log.");
        refusal(responses, "503", "The database cannot be reached ('Service temporarily unavailable'); see Retry-After.");
    }

    private static void refusal(APIResponses responses, String status, String description) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description).content(problem()));
        }
    }

    private static Content problem() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem")));
    }
}
