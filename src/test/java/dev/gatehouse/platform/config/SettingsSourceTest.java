package dev.gatehouse.platform.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Raw settings come from the environment, then system properties, then {@code .env}, or from a {@code _FILE}. */
class SettingsSourceTest {

    @TempDir
    Path dir;

    private static SettingsSource source(Map<String, String> env, Map<String, String> props, Map<String, String> dotEnv) {
        return new SettingsSource(env::get, props::get, dotEnv);
    }

    @Test
    void theEnvironmentWinsOverSystemPropertiesAndDotEnv() {
        SettingsSource source = source(Map.of("APP_NAME", "from-env"), Map.of("APP_NAME", "from-props"),
                Map.of("APP_NAME", "from-dotenv"));

        assertEquals(Optional.of("from-env"), source.apply("APP_NAME"));
    }

    @Test
    void systemPropertiesWinOverDotEnv() {
        SettingsSource source = source(Map.of(), Map.of("APP_NAME", "from-props"), Map.of("APP_NAME", "from-dotenv"));

        assertEquals(Optional.of("from-props"), source.apply("APP_NAME"));
    }

    @Test
    void dotEnvIsTheLastResort() {
        SettingsSource source = source(Map.of(), Map.of(), Map.of("APP_NAME", "from-dotenv"));

        assertEquals(Optional.of("from-dotenv"), source.apply("APP_NAME"));
        assertEquals(Optional.empty(), source.apply("APP_VERSION"));
    }

    @Test
    void aBlankValueCountsAsUnsetAndTheNextSourceIsAsked() {
        SettingsSource source = source(Map.of("APP_NAME", "   "), Map.of("APP_NAME", ""), Map.of("APP_NAME", "from-dotenv"));

        assertEquals(Optional.of("from-dotenv"), source.apply("APP_NAME"));
    }

    @Test
    void valuesAreTrimmed() {
        SettingsSource source = source(Map.of("APP_NAME", "  Gate  "), Map.of(), Map.of());

        assertEquals(Optional.of("Gate"), source.apply("APP_NAME"));
    }

    @Test
    void aFileVariantSuppliesTheValueFromTheFileWithoutTrailingNewline() throws IOException {
        Path secret = dir.resolve("secret.key");
        Files.writeString(secret, "file-held-secret-value\n", StandardCharsets.UTF_8);
        SettingsSource source = source(Map.of("SECRET_KEY_FILE", secret.toString()), Map.of(), Map.of());

        assertEquals(Optional.of("file-held-secret-value"), source.apply("SECRET_KEY"));
    }

    @Test
    void aFileVariantCanComeFromSystemPropertiesAndDotEnvToo() throws IOException {
        Path password = dir.resolve("admin.pw");
        Files.writeString(password, "admin-password-in-file", StandardCharsets.UTF_8);

        assertEquals(Optional.of("admin-password-in-file"),
                source(Map.of(), Map.of("BOOTSTRAP_ADMIN_PASSWORD_FILE", password.toString()), Map.of())
                        .apply("BOOTSTRAP_ADMIN_PASSWORD"));
        assertEquals(Optional.of("admin-password-in-file"),
                source(Map.of(), Map.of(), Map.of("BOOTSTRAP_ADMIN_PASSWORD_FILE", password.toString()))
                        .apply("BOOTSTRAP_ADMIN_PASSWORD"));
    }

    @Test
    void aDirectValueInTheSameSourceWinsOverItsFileVariant() throws IOException {
        Path secret = dir.resolve("secret.key");
        Files.writeString(secret, "from-file", StandardCharsets.UTF_8);
        SettingsSource source = source(Map.of("SECRET_KEY", "direct-value", "SECRET_KEY_FILE", secret.toString()),
                Map.of(), Map.of());

        assertEquals(Optional.of("direct-value"), source.apply("SECRET_KEY"));
    }

    @Test
    void anUnreadableFileIsASettingsErrorThatDoesNotLeakContent() {
        Path missing = dir.resolve("no-such-file");
        SettingsSource source = source(Map.of("SECRET_KEY_FILE", missing.toString()), Map.of(), Map.of());

        SettingsException e = assertThrows(SettingsException.class, () -> source.apply("SECRET_KEY"));

        assertTrue(e.getMessage().startsWith("cannot read the file named by a *_FILE setting"), e.getMessage());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void settingsReadThroughASourceUseTheFileHeldSecret() throws IOException {
        Path secret = dir.resolve("secret.key");
        String key = "k".repeat(40);
        Files.writeString(secret, key + "\n", StandardCharsets.UTF_8);
        SettingsSource source = source(Map.of("ENVIRONMENT", "production", "SECRET_KEY_FILE", secret.toString()),
                Map.of(), Map.of());

        Settings settings = Settings.from(source);

        assertEquals(key, new String(settings.tokens().secretKey(), StandardCharsets.UTF_8));
        assertFalse(settings.tokens().ephemeralSecret());
    }

    @Test
    void parseDotEnvReadsKeysValuesCommentsExportsQuotesAndBlankLines() {
        String text = String.join("\n",
                "# a comment",
                "",
                "APP_NAME=Gate",
                "   ",
                "  # an indented comment",
                "export DEBUG=true",
                "DOUBLE=\"quoted value\"",
                "SINGLE='single # not a comment'",
                "  SPACED  =  padded  ",
                "EQUALS=a=b=c",
                "EMPTY=",
                "no equals sign here",
                "=no-key",
                "HALF=\"unbalanced");

        Map<String, String> values = SettingsSource.parseDotEnv(text);

        assertEquals(Map.of(
                "APP_NAME", "Gate",
                "DEBUG", "true",
                "DOUBLE", "quoted value",
                "SINGLE", "single # not a comment",
                "SPACED", "padded",
                "EQUALS", "a=b=c",
                "EMPTY", "",
                "HALF", "\"unbalanced"), values);
    }

    @Test
    void parseDotEnvAcceptsWindowsLineEndings() {
        assertEquals(Map.of("A", "1", "B", "2"), SettingsSource.parseDotEnv("A=1\r\nB=2\r\n"));
    }

    @Test
    void aMissingDotEnvFileIsEmpty() {
        assertEquals(Map.of(), SettingsSource.readDotEnv(dir.resolve(".env")));
    }

    @Test
    void readDotEnvParsesAFile() throws IOException {
        Path file = dir.resolve(".env");
        Files.writeString(file, "# local settings\nexport LOG_DIR='/tmp/gate logs'\n", StandardCharsets.UTF_8);

        assertEquals(Map.of("LOG_DIR", "/tmp/gate logs"), SettingsSource.readDotEnv(file));
    }

    @Test
    void anEmptyDotEnvValueCountsAsUnset() {
        SettingsSource source = source(Map.of(), Map.of(), SettingsSource.parseDotEnv("APP_NAME=\n"));

        assertEquals(Optional.empty(), source.apply("APP_NAME"));
    }
}
