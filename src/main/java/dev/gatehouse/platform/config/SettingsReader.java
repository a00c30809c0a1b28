package dev.gatehouse.platform.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Typed reads of raw setting values, each refusing a bad value with one line that names the
 * variable, what it accepts and its default.
 */
public final class SettingsReader {

    private final Function<String, Optional<String>> source;

    /** Reads from {@code source}, usually {@link SettingsSource#system()}. */
    public SettingsReader(Function<String, Optional<String>> source) {
        this.source = source;
    }

    /** The raw value, if set. */
    public Optional<String> optional(String name) {
        return source.apply(name);
    }

    /** The raw value, or {@code fallback}. */
    public String text(String name, String fallback) {
        return source.apply(name).orElse(fallback);
    }

    /** A whole number from {@code min} to {@code max}. */
    public int integer(String name, int fallback, int min, int max) {
        Optional<String> value = source.apply(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.get());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the message below
        }
        throw new SettingsException(name + " must be a whole number from " + min + " to " + max + " (default " + fallback + ")");
    }

    /** {@code true/1/yes/on} or {@code false/0/no/off}, any case. */
    public boolean bool(String name, boolean fallback) {
        Optional<String> value = source.apply(name);
        if (value.isEmpty()) {
            return fallback;
        }
        return switch (value.get().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new SettingsException(name + " must be true or false (default " + fallback + ")");
        };
    }

    /** One of {@code accepted}, matched without regard to case, returned as spelled there. */
    public String oneOf(String name, String fallback, List<String> accepted) {
        Optional<String> value = source.apply(name);
        if (value.isEmpty()) {
            return fallback;
        }
        return accepted.stream().filter(candidate -> candidate.equalsIgnoreCase(value.get())).findFirst()
                .orElseThrow(() -> new SettingsException(name + " must be one of " + String.join(", ", accepted)
                        + " (default " + fallback + ")"));
    }

    /** A comma-separated list, trimmed, without blanks or repeats, in order. */
    public List<String> list(String name, String fallback) {
        Set<String> seen = Stream.of(text(name, fallback).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return List.copyOf(seen);
    }

    /** An absolute http(s) URL with a host, holding the placeholder {@code {token}}. */
    public String linkTemplate(String name, String fallback) {
        String value = text(name, fallback);
        if (!value.contains("{token}") || value.matches(".*\\s.*") || !httpUrl(value.replace("{token}", "t"))) {
            throw new SettingsException(name + " must be an absolute http(s) URL holding {token}, such as "
                    + "https://app.example.com/reset?token={token} (default " + fallback + ")");
        }
        return value;
    }

    /** True when {@code value} is an absolute http(s) URL with a host. */
    static boolean httpUrl(String value) {
        try {
            URI uri = new URI(value);
            return uri.getScheme() != null && (uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                    && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
