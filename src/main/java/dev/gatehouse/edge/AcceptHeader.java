package dev.gatehouse.edge;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The grammar of an {@code Accept} header (RFC 9110, 12.5.1) as the request screen checks it: a
 * comma-separated list of media ranges ({@code type/subtype}), each with parameters
 * ({@code name=token} or {@code name="quoted"}) and at most a weight {@code q} from 0 to 1 with up
 * to three decimals. The runtimes disagree on anything else ({@code q=abc}: Jersey refuses it with a
 * 400, RESTEasy fails with a 500; {@code application}: Jersey reads {@code application/*}, RESTEasy
 * fails), so the screen refuses it before either parses it. Two forms outside the grammar pass,
 * because the JDK's own {@code HttpURLConnection} sends them by default
 * ({@code *; q=.2, *}{@code /*; q=.2}) and both runtimes read them: a bare {@code *} and a weight
 * without its leading {@code 0}. An empty header says no more than a missing one and passes too.
 */
final class AcceptHeader {

    private static final String TOKEN = "[-!#$%&'*+.^_`|~0-9A-Za-z]+";
    private static final String WEIGHT = "[qQ]=(?:0(?:\\.[0-9]{0,3})?|1(?:\\.0{0,3})?|\\.[0-9]{1,3})";
    private static final String PARAMETER = "(?:" + WEIGHT + "|(?![qQ]=)" + TOKEN + "=(?:" + TOKEN
            + "|\"(?:[^\"\\\\]|\\\\.)*\"))";
    private static final Pattern ELEMENT = Pattern.compile(
            "[ \\t]*(?:" + TOKEN + "/" + TOKEN + "|\\*)(?:[ \\t]*;[ \\t]*" + PARAMETER + ")*[ \\t]*");

    private AcceptHeader() {
    }

    /** True when {@code value} (one {@code Accept} line) follows the grammar above, or is blank. */
    static boolean wellFormed(String value) {
        if (value.isBlank()) {
            return true;
        }
        return elements(value).stream().allMatch(element -> ELEMENT.matcher(element).matches());
    }

    /** The comma-separated elements of {@code value}; a comma inside a quoted parameter value separates nothing. */
    static List<String> elements(String value) {
        List<String> elements = new ArrayList<>();
        StringBuilder element = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' && !quoted) {
                elements.add(element.toString());
                element.setLength(0);
                continue;
            }
            element.append(c);
            if (quoted && c == '\\' && i + 1 < value.length()) {
                element.append(value.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
            }
        }
        elements.add(element.toString());
        return elements;
    }
}
