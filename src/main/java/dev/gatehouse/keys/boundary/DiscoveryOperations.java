package dev.gatehouse.keys.boundary;

import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASModelReader;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

/**
 * The two operations {@link DiscoveryServlet} serves outside {@code /api}, for the OpenAPI
 * document (the generator reads JAX-RS resources only). Their bodies' schemas come from the
 * records the servlet writes, {@link JwkSet} and {@link DiscoveryDocument}.
 */
public class DiscoveryOperations implements OASModelReader {

    /** The key set's and the discovery document's operations. */
    @Override
    public OpenAPI buildModel() {
        return OASFactory.createOpenAPI().paths(OASFactory.createPaths()
                .addPathItem(DiscoveryServlet.JWKS, OASFactory.createPathItem().GET(operation("jwks",
                        "The public keys that verify access tokens (empty with HMAC).", "JwkSet")))
                .addPathItem(DiscoveryServlet.CONFIGURATION, OASFactory.createPathItem().GET(operation("openidConfiguration",
                        "Where resource servers find the issuer and its keys.", "DiscoveryDocument"))));
    }

    private static Operation operation(String id, String summary, String schema) {
        return OASFactory.createOperation().operationId(id).summary(summary).security(List.<SecurityRequirement>of())
                .responses(OASFactory.createAPIResponses().addAPIResponse("200", OASFactory.createAPIResponse()
                        .description("OK; cacheable (Cache-Control: public, max-age = JWT_KEY_ACTIVATION_DELAY_SECONDS)")
                        .content(OASFactory.createContent().addMediaType("application/json",
                                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(schema))))));
    }
}
