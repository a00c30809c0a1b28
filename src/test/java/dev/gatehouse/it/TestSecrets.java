package dev.gatehouse.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Per-run secrets shared with the server through files named by {@code SECRET_KEY_FILE} and
 * {@code BOOTSTRAP_ADMIN_PASSWORD_FILE} (set by Failsafe): random each run, so no secret is a
 * fixture, yet tests can forge tokens with the real key to prove what the server refuses.
 */
public final class TestSecrets {

    /** The bootstrap admin's email, as Failsafe passes it to the server. */
    public static final String ADMIN_EMAIL = "root-admin@gatehouse.test";

    private TestSecrets() {
    }

    private static Path keyFile() {
        return Path.of(System.getProperty("gatehouse.target", "target"), "it-secret.key");
    }

    private static Path adminPasswordFile() {
        return Path.of(System.getProperty("gatehouse.target", "target"), "it-admin.pw");
    }

    /** Writes a new key and admin password; called before the server starts. */
    static void create() {
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[48];
        random.nextBytes(key);
        byte[] password = new byte[18];
        random.nextBytes(password);
        try {
            Files.createDirectories(keyFile().getParent());
            Files.writeString(keyFile(), Base64.getEncoder().encodeToString(key), StandardCharsets.UTF_8);
            Files.writeString(adminPasswordFile(), Base64.getEncoder().encodeToString(password), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's HMAC key bytes (the UTF-8 bytes of the key text, as the server reads it). */
    public static byte[] signingKey() {
        return read(keyFile()).getBytes(StandardCharsets.UTF_8);
    }

    /** The bootstrap admin's password. */
    public static String adminPassword() {
        return read(adminPasswordFile());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
