package dev.gatehouse.mail.control;

import dev.gatehouse.platform.config.ServerSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a {@link MailKind}'s templates into a {@link Letter}. Placeholders are
 * {@code {{name}}}; {@code {{app_name}}} is always {@code APP_NAME}. Values are HTML-escaped in
 * the HTML body (a product name with {@code <} cannot inject markup), and a placeholder without a
 * value is an error rather than a mail with a hole in it.
 */
@ApplicationScoped
public class Templates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");
    private static final String SUBJECT_PREFIX = "Subject: ";

    private final Map<String, String> sources = new ConcurrentHashMap<>();
    private String appName;

    /** For CDI proxies. */
    protected Templates() {
    }

    /** Templates naming the product {@code settings.appName()}. */
    @Inject
    public Templates(ServerSettings settings) {
        this(settings.appName());
    }

    /** Templates naming the product {@code appName}; for unit tests. */
    public Templates(String appName) {
        this.appName = appName;
    }

    /**
     * The letter of {@code kind} with {@code values} filled in.
     *
     * @throws IllegalArgumentException when a placeholder has no value
     */
    public Letter render(MailKind kind, Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        all.put("app_name", appName);
        String text = source(kind.template() + ".txt");
        if (!text.startsWith(SUBJECT_PREFIX)) {
            throw new IllegalStateException(kind.template() + ".txt must start with a Subject: line");
        }
        int end = text.indexOf('\n');
        // A header: no value may break it into two (an APP_NAME with a line break, say).
        String subject = fill(text.substring(SUBJECT_PREFIX.length(), end).strip(), all, false)
                .replaceAll("[\\r\\n]+", " ");
        String body = fill(text.substring(end + 1).stripLeading(), all, false);
        String html = fill(source(kind.template() + ".html"), all, true);
        return new Letter(subject, body, html);
    }

    private String source(String name) {
        return sources.computeIfAbsent(name, n -> {
            try (InputStream in = Templates.class.getResourceAsStream("/mail/" + n)) {
                if (in == null) {
                    throw new IllegalStateException("mail template missing: /mail/" + n);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String fill(String template, Map<String, String> values, boolean html) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for {{" + m.group(1) + "}}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(html ? escapeHtml(value) : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Escapes the five characters that matter in HTML text and attribute values. */
    static String escapeHtml(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
