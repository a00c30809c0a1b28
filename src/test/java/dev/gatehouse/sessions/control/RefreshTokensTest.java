package dev.gatehouse.sessions.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.keys.control.TokenException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Opaque refresh tokens: they name their session, cannot be altered or minted elsewhere, and are stored only as a hash. */
class RefreshTokensTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef"
            .getBytes(StandardCharsets.UTF_8);
    private static final UUID SESSION = UUID.fromString("0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9");

    private final RefreshTokens tokens = new RefreshTokens(SECRET);

    private static String flipFirstCharOf(String part) {
        return (part.charAt(0) == 'A' ? "B" : "A") + part.substring(1);
    }

    @Test
    void anIssuedTokenNamesItsSession() throws Exception {
        assertEquals(SESSION, tokens.sessionOf(tokens.issue(SESSION)));
    }

    @Test
    void twoTokensOfOneSessionDiffer() {
        assertNotEquals(tokens.issue(SESSION), tokens.issue(SESSION));
    }

    @Test
    void aTokenIsUrlSafeTextWithOneDot() {
        String token = tokens.issue(SESSION);

        assertTrue(token.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"), token);
    }

    @Test
    void anotherSpellingOfTheSameBytesIsRefused() throws Exception {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        String token = tokens.issue(SESSION);
        char last = token.charAt(token.length() - 1);
        // a 32-byte MAC is 43 characters: the last one carries two spare bits; flip the lowest
        String respelled = token.substring(0, token.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);
        String mac = respelled.substring(respelled.indexOf('.') + 1);
        String original = token.substring(token.indexOf('.') + 1);
        assertArrayEquals(Base64.getUrlDecoder().decode(original), Base64.getUrlDecoder().decode(mac));

        assertThrows(TokenException.class, () -> tokens.sessionOf(respelled));
        assertThrows(TokenException.class, () -> tokens.sessionOf(token + "="));
        assertEquals(SESSION, tokens.sessionOf(token));
    }

    @Test
    void aTokenVerifiesUnderAnotherInstanceWithTheSameSecret() throws Exception {
        assertEquals(SESSION, new RefreshTokens(SECRET).sessionOf(tokens.issue(SESSION)));
    }

    @Test
    void aTokenIssuedUnderAnotherSecretIsRefused() {
        RefreshTokens elsewhere = new RefreshTokens("another secret, another secret, another secret!"
                .getBytes(StandardCharsets.UTF_8));

        assertThrows(TokenException.class, () -> tokens.sessionOf(elsewhere.issue(SESSION)));
    }

    @Test
    void aTokenWithAnAlteredPayloadIsRefused() {
        String token = tokens.issue(SESSION);
        int dot = token.indexOf('.');

        assertThrows(TokenException.class, () -> tokens.sessionOf(flipFirstCharOf(token.substring(0, dot))
                + token.substring(dot)));
    }

    @Test
    void aTokenPointingAtAnotherSessionIsRefused() {
        String token = tokens.issue(SESSION);
        int dot = token.indexOf('.');
        byte[] payload = Base64.getUrlDecoder().decode(token.substring(0, dot));
        payload[15] ^= 1;
        String moved = Base64.getUrlEncoder().withoutPadding().encodeToString(payload) + token.substring(dot);

        assertThrows(TokenException.class, () -> tokens.sessionOf(moved));
    }

    @Test
    void aTokenWithAnAlteredMacIsRefused() {
        String token = tokens.issue(SESSION);
        int dot = token.indexOf('.');

        assertThrows(TokenException.class, () -> tokens.sessionOf(token.substring(0, dot + 1)
                + flipFirstCharOf(token.substring(dot + 1))));
    }

    @Test
    void aTokenWithoutItsMacIsRefused() {
        String token = tokens.issue(SESSION);

        assertThrows(TokenException.class, () -> tokens.sessionOf(token.substring(0, token.indexOf('.') + 1)));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", ".", "no-dot", "a.b.c", ".abc", "!!!.???", "eyJhbGciOiJIUzI1NiJ9.e30.sig"})
    void aMalformedTokenIsRefused(String token) {
        assertThrows(TokenException.class, () -> tokens.sessionOf(token));
    }

    @Test
    void aNullTokenIsRefused() {
        assertThrows(TokenException.class, () -> tokens.sessionOf(null));
    }

    @Test
    void aRefusalIsNeverAnExpiry() {
        TokenException e = assertThrows(TokenException.class, () -> tokens.sessionOf("garbage.token"));

        assertFalse(e.expired());
    }

    @Test
    void theHashIsTheLowerCaseHexOfSha256() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", RefreshTokens.hash("abc"));
    }

    @Test
    void theStoredHashOfAnIssuedTokenIsStableAndRevealsNothingOfTheToken() {
        String token = tokens.issue(SESSION);

        assertEquals(RefreshTokens.hash(token), RefreshTokens.hash(token));
        assertTrue(RefreshTokens.hash(token).matches("[0-9a-f]{64}"));
        assertFalse(RefreshTokens.hash(token).contains(token));
    }

    @Test
    void differentTokensHaveDifferentHashes() {
        assertNotEquals(RefreshTokens.hash(tokens.issue(SESSION)), RefreshTokens.hash(tokens.issue(SESSION)));
    }
}
