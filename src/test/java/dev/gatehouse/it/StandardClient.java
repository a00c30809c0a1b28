package dev.gatehouse.it;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A standard OpenID client, the Nimbus OAuth 2.0 SDK, checking a Gatehouse node the way a
 * resource server written by somebody else would: discovery, then the key set it names, then an
 * access token verified with the exact issuer and audience the discovery document states and the
 * {@code at+jwt} type (RFC 9068). With {@code PUBLIC_BASE_URL} set the issuer is a URL and discovery
 * starts from it ({@code OIDCProviderMetadata.resolve} also checks the document names that issuer);
 * unset, the issuer is {@code gatehouse} and the client starts from the node's discovery URL.
 * Chosen over {@code jose} in Node: the same JVM as the tests, no second toolchain in the build,
 * and the SDK's own checks of the document are stricter.
 */
public final class StandardClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private StandardClient() {
    }

    /**
     * Discovers {@code base} and verifies {@code accessToken} with what it found.
     *
     * @param issuerIsTheBaseUrl true when the node runs with {@code PUBLIC_BASE_URL} = {@code base}
     * @return the verified claims
     * @throws Exception when discovery, the key set or the token fails any check
     */
    public static JWTClaimsSet verify(URI base, String accessToken, boolean issuerIsTheBaseUrl) throws Exception {
        OIDCProviderMetadata metadata = issuerIsTheBaseUrl
                ? OIDCProviderMetadata.resolve(new Issuer(base.toString()))
                : OIDCProviderMetadata.parse(get(base.resolve("/.well-known/openid-configuration")));
        JWKSource<SecurityContext> keys = JWKSourceBuilder.create(metadata.getJWKSetURI().toURL()).retrying(false).build();
        List<JWSAlgorithm> algorithms = metadata.getIDTokenJWSAlgs();
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(new HashSet<>(algorithms), keys));
        String issuer = metadata.getIssuer().getValue();
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(issuer,
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp", "iat", "jti", "sid")));
        return processor.process(accessToken, null);
    }

    private static String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(uri + " answered " + response.statusCode());
        }
        return response.body();
    }

    /**
     * For scripts (the WildFly smoke test): {@code StandardClient BASE_URL ACCESS_TOKEN [issuer-is-base]};
     * prints the subject and exits 0, or prints why and exits 1.
     */
    public static void main(String[] arguments) {
        try {
            JWTClaimsSet claims = verify(URI.create(arguments[0]), arguments[1],
                    arguments.length > 2 && Boolean.parseBoolean(arguments[2]));
            System.out.println("verified " + claims.getSubject() + " iss=" + claims.getIssuer() + " aud=" + claims.getAudience());
        } catch (Exception e) {
            System.out.println("refused: " + e);
            System.exit(1);
        }
    }
}
