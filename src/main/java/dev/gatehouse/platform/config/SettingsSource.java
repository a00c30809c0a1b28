package dev.gatehouse.platform.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where raw setting values come from, in the documented precedence: environment variables, then
 * system properties, then a {@code .env} file in the working directory. A secret may instead be
 * given as {@code NAME_FILE}, the path of a file holding it (container and systemd secrets).
 *
 * <p>MicroProfile Config is not used here on purpose: its default ordinals put system properties
 * above the environment, and the values are needed while the persistence unit is being built,
 * before CDI exists (see {@code docs/configuration.md}).
 */
public final class SettingsSource implements Function<String, Optional<String>> {

    private final Function<String, String> environment;
    private final Function<String, String> properties;
    private final Map<String, String> dotEnv;

    /**
     * @param environment usually {@code System::getenv}
     * @param properties usually {@code System::getProperty}
     * @param dotEnv the parsed {@code .env} file, possibly empty
     */
    public SettingsSource(Function<String, String> environment, Function<String, String> properties,
                          Map<String, String> dotEnv) {
        this.environment = environment;
        this.properties = properties;
        this.dotEnv = Map.copyOf(dotEnv);
    }

    /** The process's own sources, with {@code .env} read from the working directory if present. */
    public static SettingsSource system() {
        return new SettingsSource(System::getenv, System::getProperty, readDotEnv(Path.of(".env")));
    }

    /** Value of {@code name}, or of the file named by {@code name_FILE}; blank counts as unset. */
    @Override
    public Optional<String> apply(String name) {
        Optional<String> direct = raw(name);
        if (direct.isPresent()) {
            return direct;
        }
        return raw(name + "_FILE").map(SettingsSource::readSecretFile);
    }

    private Optional<String> raw(String name) {
        for (Function<String, String> source : List.<Function<String, String>>of(environment, properties, dotEnv::get)) {
            String value = source.apply(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(value.trim());
            }
        }
        return Optional.empty();
    }

    private static String readSecretFile(String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new SettingsException("cannot read the file named by a *_FILE setting: " + path);
        }
    }

    /**
     * Parses a {@code .env} file: {@code KEY=value} lines, {@code #} comments, optional
     * {@code export } prefix and single or double quotes around the value. A missing file is empty.
     */
    public static Map<String, String> readDotEnv(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            return parseDotEnv(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SettingsException("cannot read " + file.toAbsolutePath() + ": " + e.getMessage());
        }
    }

    /** The parsing rules of {@link #readDotEnv}, on text. */
    public static Map<String, String> parseDotEnv(String text) {
        Map<String, String> values = new HashMap<>();
        for (String line : text.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.startsWith("export ")) {
                trimmed = trimmed.substring("export ".length()).strip();
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = trimmed.substring(0, eq).strip();
            String value = trimmed.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            values.put(key, value);
        }
        return values;
    }
}
