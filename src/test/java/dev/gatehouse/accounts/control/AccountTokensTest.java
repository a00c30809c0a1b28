package dev.gatehouse.accounts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.platform.crypto.Digests;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Mailed tokens: 256 random bits in URL-safe text, stored only as a hash; links and lifetimes as the mail words them. */
class AccountTokensTest {

    @Test
    void aTokenIs256RandomBitsOfUrlSafeText() {
        String token = AccountTokens.newToken();

        assertEquals(43, token.length());
        assertTrue(token.matches("[A-Za-z0-9_-]+"), token);
        assertEquals(32, Base64.getUrlDecoder().decode(token).length);
    }

    @Test
    void tokensDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(AccountTokens.newToken()));
        }
    }

    @Test
    void onlyTheSha256OfATokenIsStored() {
        String token = AccountTokens.newToken();

        assertEquals(Digests.sha256Hex(token), AccountTokens.hashOf(token));
        assertEquals(64, AccountTokens.hashOf(token).length());
        assertNotEquals(token, AccountTokens.hashOf(token));
    }

    @Test
    void theLinkIsTheTemplateWithTheToken() {
        assertEquals("https://app.example.com/reset?token=abc_-1&x=y",
                Links.of("https://app.example.com/reset?token={token}&x=y", "abc_-1"));
    }

    @Test
    void lifetimesAreWordedInMinutesOrHours() {
        assertEquals("30 minutes", Links.human(Duration.ofMinutes(30)));
        assertEquals("1 minute", Links.human(Duration.ofMinutes(1)));
        assertEquals("1 hour", Links.human(Duration.ofMinutes(60)));
        assertEquals("48 hours", Links.human(Duration.ofHours(48)));
        assertEquals("90 minutes", Links.human(Duration.ofMinutes(90)));
    }
}
