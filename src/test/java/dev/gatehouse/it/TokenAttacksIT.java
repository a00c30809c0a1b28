package dev.gatehouse.it;

import static dev.gatehouse.it.Problems.assertInvalidToken;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Forged and altered access tokens, built with the server's real key where that makes the attack
 * stronger: each changes exactly one thing from a token the server accepts, and each is
 * {@code 401 Invalid token}.
 */
class TokenAttacksIT extends ApiTestBase {

    private static byte[] randomKey() {
        byte[] key = new byte[64];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @Test
    void aTokenForgedWithTheServersKeyAndNothingChangedIsAccepted() {
        Api.Account account = Api.newAccount("forge-control");

        String forged = TokenForge.basedOn(account.accessToken()).claim("jti", UUID.randomUUID().toString()).sign();

        assertEquals(200, Accounts.me(forged).status());
    }

    @Test
    void anUnsignedTokenWithAlgNoneIsInvalidToken() {
        Api.Account account = Api.newAccount("alg-none");

        assertInvalidToken(Accounts.me(TokenForge.basedOn(account.accessToken()).unsigned()));
    }

    @Test
    void aTokenSignedWithAnotherKeyIsInvalidToken() {
        Api.Account account = Api.newAccount("wrong-key");

        assertInvalidToken(Accounts.me(TokenForge.basedOn(account.accessToken()).key(randomKey()).sign()));
    }

    @Test
    void aTokenSignedWithTheRightKeyUnderHs512IsInvalidToken() {
        Api.Account account = Api.newAccount("hs512");

        assertInvalidToken(Accounts.me(
                TokenForge.basedOn(account.accessToken()).algorithm(JWSAlgorithm.HS512).sign()));
    }

    @Test
    void aTokenSignedWithTheRightKeyUnderHs384IsInvalidToken() {
        Api.Account account = Api.newAccount("hs384");

        assertInvalidToken(Accounts.me(
                TokenForge.basedOn(account.accessToken()).algorithm(JWSAlgorithm.HS384).sign()));
    }

    @Test
    void aTokenWithATamperedPayloadIsInvalidToken() {
        Api.Account account = Api.newAccount("tampered");
        String[] parts = account.accessToken().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"role\":\"user\"", "\"role\":\"admin\"");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertInvalidToken(Accounts.me(tampered));
    }

    @Test
    void aTokenWithAnEmptySignatureIsInvalidToken() {
        Api.Account account = Api.newAccount("empty-sig");
        String token = account.accessToken();

        assertInvalidToken(Accounts.me(token.substring(0, token.lastIndexOf('.') + 1)));
    }

    @Test
    void aTokenOfAnotherIssuerIsInvalidToken() {
        Api.Account account = Api.newAccount("wrong-iss");

        assertInvalidToken(Accounts.me(TokenForge.basedOn(account.accessToken()).claim("iss", "evil").sign()));
    }

    @Test
    void aTokenOfTypeJwtIsInvalidToken() {
        Api.Account account = Api.newAccount("typ-jwt");

        assertInvalidToken(Accounts.me(TokenForge.basedOn(account.accessToken()).type(JOSEObjectType.JWT).sign()));
    }

    @Test
    void aTokenWithoutTypIsInvalidToken() {
        Api.Account account = Api.newAccount("typ-none");

        assertInvalidToken(Accounts.me(TokenForge.basedOn(account.accessToken()).type(null).sign()));
    }

    @Test
    void aRefreshTokenPresentedAsBearerIsInvalidToken() {
        Api.Account account = Api.newAccount("refresh-as-bearer");

        assertInvalidToken(Accounts.me(account.refreshToken()));
    }

    @Test
    void aTokenForAnUnknownSessionIsInvalidToken() {
        Api.Account account = Api.newAccount("unknown-sid");

        assertInvalidToken(Accounts.me(
                TokenForge.basedOn(account.accessToken()).claim("sid", UUID.randomUUID().toString()).sign()));
    }

    @Test
    void aTokenNamingAnotherUsersSessionIsInvalidToken() {
        Api.Account attacker = Api.newAccount("sid-attacker");
        Api.Account victim = Api.newAccount("sid-victim");
        String victimsSession = TokenForge.claimOf(victim.accessToken(), "sid");

        assertInvalidToken(Accounts.me(
                TokenForge.basedOn(attacker.accessToken()).claim("sid", victimsSession).sign()));
    }

    @ParameterizedTest(name = "without {0}")
    @ValueSource(strings = {"iss", "sub", "email", "role", "sid", "jti", "iat", "exp"})
    void aTokenMissingARequiredClaimIsInvalidToken(String claim) {
        Api.Account account = Api.newAccount("missing-" + claim);

        assertInvalidToken(Accounts.me(TokenForge.basedOn(account.accessToken()).without(claim).sign()));
    }

    @Test
    void aTokenWithAnUnknownRoleIsInvalidToken() {
        Api.Account account = Api.newAccount("bad-role");

        assertInvalidToken(Accounts.me(TokenForge.basedOn(account.accessToken()).claim("role", "root").sign()));
    }
}
