package dev.gatehouse.it;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Every response an integration test receives is checked against the OpenAPI document the suite's
 * server serves (Atlassian's swagger-request-validator; every node runs the same WAR, and asking
 * the suite server keeps the extra request out of a node's rate-limit budget): status documented for the operation,
 * media type, body schema (types, formats, enumerations, required and nullable fields) and
 * documented headers. So the document cannot drift from the wire: a test that sees a response the
 * document does not describe fails. Requests outside the document (no such path or method, the
 * documentation pages) are not checked; neither are tests that switch checking off on purpose.
 */
final class ContractCheck {

    /** Validation messages that mean "this request is not a documented operation", not a mismatch. */
    private static final Set<String> NOT_AN_OPERATION = Set.of(
            "validation.response.path.missing", "validation.request.path.missing",
            "validation.response.operation.notAllowed", "validation.request.operation.notAllowed");
    /**
     * What the validator reads stricter than the contract: a body on an operation that takes none is
     * ignored, unknown fields are ignored (API.md), and an email is judged by WHATWG's grammar, which
     * JSON Schema's {@code email} format only approximates.
     */
    private static final Set<String> LENIENT_BY_CONTRACT = Set.of("validation.request.body.unexpected",
            "validation.request.body.schema.additionalProperties");
    private static final Map<URI, OpenApiInteractionValidator> VALIDATORS = new ConcurrentHashMap<>();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private static final ThreadLocal<Boolean> OFF = ThreadLocal.withInitial(() -> false);

    private ContractCheck() {
    }

    /** Runs {@code action} without checking its responses: for requests meant to break the contract's transport. */
    static <T> T unchecked(java.util.function.Supplier<T> action) {
        OFF.set(true);
        try {
            return action.get();
        } finally {
            OFF.set(false);
        }
    }

    /**
     * Checks {@code response} of {@code method path} against the document of the server at {@code base}.
     *
     * @throws AssertionError naming every mismatch
     */
    static void check(URI base, String method, String path, HttpResponse<String> response) {
        if (OFF.get() || !path.startsWith("/api/") && !path.startsWith("/.well-known/")) {
            return;
        }
        OpenApiInteractionValidator validator = VALIDATORS.computeIfAbsent(Api.suiteBase().orElse(base), ContractCheck::load);
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        if (bare.endsWith("/") || bare.contains("//") || bare.contains(";")) {
            return; // not a documented path, though the validator's matching would take it for one
        }
        Request.Method verb;
        try {
            verb = Request.Method.valueOf(method.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return;
        }
        SimpleResponse.Builder built = SimpleResponse.Builder.status(response.statusCode());
        response.headers().map().forEach((name, values) -> built.withHeader(name, values));
        if (!response.body().isEmpty()) {
            built.withBody(response.body());
        }
        ValidationReport report = validator.validateResponse(bare, verb, built.build());
        List<ValidationReport.Message> problems = report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .filter(m -> !NOT_AN_OPERATION.contains(m.getKey()))
                .toList();
        boolean undocumentedOperation = report.getMessages().stream().anyMatch(m -> NOT_AN_OPERATION.contains(m.getKey()));
        if (!problems.isEmpty() && !undocumentedOperation) {
            throw new AssertionError("the response of " + method + " " + path + " (" + response.statusCode()
                    + ") breaks the OpenAPI document:\n" + problems.stream().map(m -> m.getKey() + ": " + m.getMessage())
                    .collect(Collectors.joining("\n")) + "\nbody: " + response.body());
        }
    }

    /**
     * The ways a request breaks the document (its parameters and its body; authentication is not
     * judged here), as the same validator reads the suite server's document: empty when the
     * document says the server may accept it.
     *
     * @param headers name, value, name, value ...
     */
    static List<String> requestViolations(URI base, String method, String pathAndQuery, List<String> headers, byte[] body) {
        OpenApiInteractionValidator validator = VALIDATORS.computeIfAbsent(Api.suiteBase().orElse(base), ContractCheck::load);
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        SimpleRequest.Builder request;
        try {
            request = new SimpleRequest.Builder(Request.Method.valueOf(method.toUpperCase(Locale.ROOT)), path);
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        if (question >= 0) {
            for (String pair : pathAndQuery.substring(question + 1).split("&")) {
                int equals = pair.indexOf('=');
                String name = java.net.URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : java.net.URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                request.withQueryParam(name, value);
            }
        }
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            request.withHeader(headers.get(i), headers.get(i + 1));
        }
        if (body != null) {
            request.withBody(body);
        }
        return validator.validateRequest(request.build()).getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .filter(m -> m.getKey().startsWith("validation.request.body") || m.getKey().startsWith("validation.request.parameter"))
                .filter(m -> !LENIENT_BY_CONTRACT.contains(m.getKey()) && !m.getMessage().contains("\"email\""))
                .map(m -> m.getKey() + ": " + m.getMessage()).toList();
    }

    private static OpenApiInteractionValidator load(URI base) {
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/openapi")).header("Accept", "application/json")
                    .timeout(Duration.ofSeconds(30)).build();
            String document = CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).body();
            return OpenApiInteractionValidator.createForInlineApiSpecification(document).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
