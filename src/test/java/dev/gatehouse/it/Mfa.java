package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The second factor from a client's side: an authenticator app written here from RFC 6238 and
 * RFC 4226 with the JDK's HmacSHA1 alone (so the tests check the server against an independent
 * implementation, not against itself), and the flows of API.md's TOTP section: enrol, confirm,
 * the two login steps, removal. Each call returns the raw reply unless its name says it asserts.
 */
public final class Mfa {

    /** Seconds kept clear of a step boundary before a code is computed, so client and server agree on the step. */
    private static final long MARGIN_SECONDS = 2;

    private Mfa() {
    }

    // ---- the authenticator app --------------------------------------------------------------

    /**
     * An authenticator app holding one secret. It remembers the last step it used, because the
     * server accepts only later steps: {@link #nextCode()} gives the earliest step the server still
     * takes (the previous one, thanks to drift, the current, or the next), waiting for time to pass
     * when all three are spent.
     */
    public static final class Authenticator {
        private final String secret;
        private long lastStep = Long.MIN_VALUE;

        /** An app holding base32 {@code secret}. */
        public Authenticator(String secret) {
            this.secret = secret;
        }

        /** The base32 secret. */
        public String secret() {
            return secret;
        }

        /** The code of time step {@code step}, without using it up. */
        public String codeAt(long step) {
            return Mfa.codeAt(secret, step);
        }

        /** A code the server has not seen yet, its step now counted as used. */
        public String nextCode() {
            while (true) {
                long current = safeStep();
                long step = Math.max(current - 1, lastStep + 1);
                if (step <= current + 1) {
                    lastStep = step;
                    return codeAt(step);
                }
                sleepMillis(1000);
            }
        }

        /** Records that the server accepted a code of {@code step} some other way (a test's own code). */
        public void used(long step) {
            lastStep = Math.max(lastStep, step);
        }
    }

    /** The RFC 6238 time step of {@code instant}: 30-second steps from the Unix epoch. */
    public static long stepAt(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), 30);
    }

    /** The current step, once the clock is at least two seconds away from either end of it. */
    public static long safeStep() {
        return stepWithSecondsLeft(MARGIN_SECONDS);
    }

    /**
     * The current step, once at least two seconds of it have passed and at least {@code seconds}
     * remain: for a test that sends several codes and needs client and server in the same step throughout.
     */
    public static long stepWithSecondsLeft(long seconds) {
        while (true) {
            long second = Instant.now().getEpochSecond() % 30;
            if (second >= MARGIN_SECONDS && second < 30 - seconds) {
                return stepAt(Instant.now());
            }
            sleepMillis(500);
        }
    }

    /** The six-digit code of base32 {@code secret} for time step {@code step} (RFC 4226 dynamic truncation). */
    public static String codeAt(String secret, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(base32(secret), "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            return String.format(Locale.ROOT, "%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 4648 base32, either case, no padding. */
    static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        String clean = text.toUpperCase(Locale.ROOT).replace("=", "");
        byte[] out = new byte[clean.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int at = 0;
        for (char c : clean.toCharArray()) {
            int value = alphabet.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("not base32: " + text);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out[at++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        return out;
    }

    // ---- the flows -----------------------------------------------------------------------------

    /** TOTP switched on for an account: its app, the recovery codes shown once, the caller. */
    public record Enabled(Api.Account account, Authenticator app, List<String> recoveryCodes) {
    }

    /** {@code POST /api/auth/mfa/totp} with {@code current_password} as the holder of {@code token}. */
    public static Api.Reply enrol(Api.Server server, String token, String currentPassword) {
        return server.send("POST", "/api/auth/mfa/totp", Api.json("current_password", currentPassword),
                "Authorization", "Bearer " + token, "Content-Type", "application/json");
    }

    /** {@code POST /api/auth/mfa/totp/confirm} with {@code code}. */
    public static Api.Reply confirm(Api.Server server, String token, String code) {
        return server.send("POST", "/api/auth/mfa/totp/confirm", Api.json("code", code),
                "Authorization", "Bearer " + token, "Content-Type", "application/json");
    }

    /** {@code DELETE /api/auth/mfa/totp} with the password and a code. */
    public static Api.Reply disable(Api.Server server, String token, String currentPassword, String code) {
        return server.send("POST", "/api/auth/mfa/totp/disable", Api.json("current_password", currentPassword, "code", code),
                "Authorization", "Bearer " + token, "Content-Type", "application/json");
    }

    /** {@code POST /api/auth/login/mfa} with {@code mfa_token} and {@code code}. */
    public static Api.Reply loginWithCode(Api.Server server, String mfaToken, String code) {
        return server.send("POST", "/api/auth/login/mfa", Api.json("mfa_token", mfaToken, "code", code),
                "Content-Type", "application/json");
    }

    /** Enrols and confirms on {@code server}, asserting both answer 200; the caller's session stays. */
    public static Enabled enable(Api.Server server, Api.Account account) {
        Api.Reply enrolled = enrol(server, account.accessToken(), account.password());
        assertEquals(200, enrolled.status(), () -> "enrol: " + enrolled.body());
        Authenticator app = new Authenticator(enrolled.json().getString("secret"));
        Api.Reply confirmed = confirm(server, account.accessToken(), app.nextCode());
        assertEquals(200, confirmed.status(), () -> "confirm: " + confirmed.body());
        List<String> codes = confirmed.json().getJsonArray("recovery_codes").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).toList();
        return new Enabled(account, app, codes);
    }

    /** {@link #enable(Api.Server, Api.Account)} on the suite server. */
    public static Enabled enable(Api.Account account) {
        return enable(Api.at(Api.base()), account);
    }

    /** The first login step of an account with TOTP on; asserts the challenge shape and returns the {@code mfa_token}. */
    public static String challenge(Api.Server server, String email, String password) {
        Api.Reply reply = server.postJson("/api/auth/login", Api.json("email", email, "password", password));
        assertEquals(200, reply.status(), () -> "login step 1: " + reply.body());
        JsonObject body = reply.json();
        assertEquals(java.util.Set.of("mfa_required", "mfa_token", "expires_in"), body.keySet(), reply::body);
        assertTrue(body.getBoolean("mfa_required"), reply::body);
        assertEquals(300, body.getInt("expires_in"), reply::body);
        return body.getString("mfa_token");
    }

    /** {@link #challenge(Api.Server, String, String)} on the suite server. */
    public static String challenge(Api.Account account) {
        return challenge(Api.at(Api.base()), account.email(), account.password());
    }

    /** Both login steps on {@code server} with the app's next code; asserts 200 and returns the new session. */
    public static Api.Account login(Api.Server server, Enabled enabled) {
        String mfaToken = challenge(server, enabled.account().email(), enabled.account().password());
        Api.Reply reply = loginWithCode(server, mfaToken, enabled.app().nextCode());
        assertEquals(200, reply.status(), () -> "login step 2: " + reply.body());
        return new Api.Account(enabled.account().email(), enabled.account().password(), reply.json());
    }

    /** The {@code amr} claim of an access token (its payload read without checking the signature). */
    public static List<String> amr(String accessToken) {
        String payload = new String(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]), StandardCharsets.UTF_8);
        try (JsonReader reader = Json.createReader(new StringReader(payload))) {
            return reader.readObject().getJsonArray("amr").getValuesAs(JsonString.class).stream()
                    .map(JsonString::getString).toList();
        }
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
