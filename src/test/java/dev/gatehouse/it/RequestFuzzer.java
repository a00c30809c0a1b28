package dev.gatehouse.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Seeded request generator for {@link FuzzIT}: reads the operations from the served OpenAPI
 * document and makes requests that are almost right, the kind that find the 500s: a valid request
 * built from the operation's schemas, then one or two mutations of its path, query, headers or
 * body (wrong types, nulls, missing and extra fields, huge, deep, non-UTF-8 or truncated bodies,
 * foreign media types, hostile strings, garbage tokens). The same seed and the same document give
 * the same requests.
 *
 * <p>Path values are percent-encoded strings the HTTP runtime passes on; what the runtime itself
 * refuses before Gatehouse runs (NUL, a backslash, invalid UTF-8 and malformed escapes in the
 * path) is listed in {@code docs/deployment.md} and not sent here.
 */
final class RequestFuzzer {

    /** One generated request. @param headers name, value, name, value ... */
    record Attempt(String method, String path, byte[] body, List<String> headers, String mutation) {

        /** A one-line description that reproduces the request by hand. */
        String describe() {
            String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            return method + " " + path + " " + headers + " [" + mutation + "] body=" + (text.length() > 300
                    ? text.substring(0, 300) + "...(" + body.length + " bytes)" : text);
        }
    }

    /** A documented operation. */
    private record Operation(String method, String path, JsonObject spec) {
    }

    /** Tokens and ids the generator may use so that requests get past authentication and lookups. */
    record Pools(List<String> tokens, List<String> userIds, List<String> sessionIds, List<String> emails,
            List<String> refreshTokens) {
    }

    private static final List<String> HOSTILE = List.of("", " ", "null", "0", "-1", "true", "[]", "{}", "admin",
            "' OR '1'='1", "\"; DROP TABLE users; --", "<script>alert(1)</script>", "../../etc/passwd", "%00", "%zz",
            "\u0000", "\u202e\u0041\u0301", "\uD83D\uDE00", "\uFEFF", "a\r\nX-Injected: 1", "\t", "１２３",
            "İstanbul@Example.TEST", "ß@ss.test", "a@b", "@", "x@y.z" + "z".repeat(300), "9".repeat(40), "1e309",
            "NaN", "-0", "2026-13-45T25:61:61Z", "00000000-0000-0000-0000-000000000000", "${jndi:ldap://x/a}",
            "{{7*7}}", "\\", "/", "?", "#", "%", "&", "=");
    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=UTF-8",
            "application/merge-patch+json", "application/json; charset=ISO-8859-1", "application/json; charset=nonsense",
            "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml",
            "*/*", "application/", "garbage", "application/problem+json", "application/vnd.api+json");
    private static final List<String> ACCEPTS = List.of("application/json", "*/*", "application/problem+json",
            "text/html", "application/xml", "application/json;q=0", "garbage", "text/*, application/*;q=0.1");
    private static final List<String> TOKENS = List.of("Bearer", "Bearer ", "Bearer x", "Bearer a.b.c",
            "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "Basic YWRtaW46YWRtaW4=", "bearer", "Token abc",
            "Bearer " + "A".repeat(6000), "Bearer eyJ..");

    private final Random random;
    private final Pools pools;
    private final List<Operation> operations = new ArrayList<>();
    private final JsonObject schemas;

    RequestFuzzer(long seed, JsonObject document, Pools pools) {
        this.random = new Random(seed);
        this.pools = pools;
        this.schemas = document.getJsonObject("components").getJsonObject("schemas");
        JsonObject parameters = document.getJsonObject("components").getJsonObject("parameters");
        document.getJsonObject("paths").forEach((path, item) -> item.asJsonObject().forEach((verb, spec) -> {
            if (spec.getValueType() == JsonValue.ValueType.OBJECT && spec.asJsonObject().containsKey("responses")) {
                operations.add(new Operation(verb.toUpperCase(Locale.ROOT), path, withParameters(spec.asJsonObject(), parameters)));
            }
        }));
        operations.sort((a, b) -> (a.method + a.path).compareTo(b.method + b.path));
    }

    /** {@code spec} with its parameters' {@code $ref}s replaced by the parameters they name in {@code components}. */
    private static JsonObject withParameters(JsonObject spec, JsonObject components) {
        JsonArray parameters = spec.getJsonArray("parameters");
        if (parameters == null || components == null) {
            return spec;
        }
        JsonArrayBuilder resolved = Json.createArrayBuilder();
        for (JsonValue parameter : parameters) {
            JsonObject object = parameter.asJsonObject();
            resolved.add(object.containsKey("$ref")
                    ? components.getJsonObject(object.getString("$ref").substring("#/components/parameters/".length())) : object);
        }
        return Json.createObjectBuilder(spec).add("parameters", resolved).build();
    }

    /** How many operations the document has. */
    int operationCount() {
        return operations.size();
    }

    /** The {@code n}th request: operations in turn, so every one gets its share. */
    Attempt next(int n) {
        Operation operation = operations.get(n % operations.size());
        List<String> mutations = new ArrayList<>();
        String method = operation.method;
        if (chance(3)) {
            method = pick(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"));
            mutations.add("method " + method);
        }
        String path = path(operation, mutations) + query(operation, mutations);
        List<String> headers = new ArrayList<>();
        authorization(operation, headers, mutations);
        byte[] body = null;
        JsonObject requestBody = operation.spec.getJsonObject("requestBody");
        if (requestBody != null || chance(10)) {
            body = body(requestBody, mutations);
            String type = chance(6) ? pick(CONTENT_TYPES) : operation.method.equals("PATCH") && chance(2)
                    ? "application/merge-patch+json" : "application/json";
            if (!type.equals("application/json")) {
                mutations.add("content-type " + type);
            }
            if (!chance(25)) {
                headers.add("Content-Type");
                headers.add(type);
            }
        }
        if (chance(5)) {
            String accept = pick(ACCEPTS);
            headers.add("Accept");
            headers.add(accept);
            mutations.add("accept " + accept);
        }
        if (chance(8)) {
            headers.addAll(List.of(pick(List.of("X-Request-Id", "X-Forwarded-For", "Origin", "If-None-Match", "Range",
                    "X-HTTP-Method-Override", "Accept-Charset", "Accept-Language")), ascii(hostile())));
            mutations.add("header " + headers.get(headers.size() - 2));
        }
        return new Attempt(method, path, body, headers, String.join(", ", mutations));
    }

    private String path(Operation operation, List<String> mutations) {
        StringBuilder path = new StringBuilder(operation.path);
        int open;
        while ((open = path.indexOf("{")) >= 0) {
            int close = path.indexOf("}", open);
            String name = path.substring(open + 1, close);
            String value;
            int roll = random.nextInt(10);
            if (roll < 5) {
                value = pick(name.equals("id") && operation.path.startsWith("/api/sessions") ? pools.sessionIds : pools.userIds);
            } else if (roll < 7) {
                value = UUID.randomUUID().toString();
            } else {
                value = hostile();
                mutations.add("path " + name);
            }
            path.replace(open, close + 1, segment(value));
        }
        if (chance(40)) {
            path.append(pick(List.of("/", "/x", "//", "/..%2Fmetrics", "/%2e", ";jsessionid=1", ".json")));
            mutations.add("path suffix");
        }
        return path.toString();
    }

    /** A path segment the runtime passes through: percent-encoded UTF-8, never NUL, a backslash or a raw escape. */
    private static String segment(String value) {
        String clean = value.replace("\u0000", "").replace("%", "").replace("\\", "");
        String encoded = URLEncoder.encode(clean, StandardCharsets.UTF_8).replace("+", "%20");
        return encoded.isEmpty() ? "x" : encoded;
    }

    private String query(Operation operation, List<String> mutations) {
        List<String> pairs = new ArrayList<>();
        JsonArray parameters = operation.spec.getJsonArray("parameters");
        if (parameters != null) {
            for (JsonValue value : parameters) {
                JsonObject parameter = value.asJsonObject();
                if (!"query".equals(parameter.getString("in")) || chance(2)) {
                    continue;
                }
                String name = parameter.getString("name");
                String text;
                if (chance(4)) {
                    text = hostile();
                    mutations.add("query " + name);
                } else {
                    text = scalar(name, parameter.getJsonObject("schema"));
                }
                pairs.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(text, StandardCharsets.UTF_8));
                if (chance(15)) {
                    pairs.add(name + "=" + URLEncoder.encode(hostile(), StandardCharsets.UTF_8));
                    mutations.add("query " + name + " twice");
                }
            }
        }
        if (chance(12)) {
            pairs.add(pick(List.of("x=%C3%28", "q=%FF", "cursor=%E2%82", "limit=%2B1", "a", "=", "&&", "%26=%3D",
                    "limit=1&limit=2", "x=" + "y".repeat(3000))));
            mutations.add("raw query");
        }
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }

    private void authorization(Operation operation, List<String> headers, List<String> mutations) {
        boolean signsOut = operation.path.startsWith("/api/auth/logout") || operation.path.equals("/api/auth/password");
        int roll = random.nextInt(10);
        String value;
        if (roll < 6 && !signsOut) {
            value = "Bearer " + pick(pools.tokens);
        } else if (roll < 8) {
            value = pick(TOKENS);
            mutations.add("authorization");
        } else {
            return;
        }
        headers.add("Authorization");
        headers.add(value);
    }

    private byte[] body(JsonObject requestBody, List<String> mutations) {
        JsonValue valid = requestBody == null ? Json.createObjectBuilder().build()
                : value("body", resolve(requestBody.getJsonObject("content").values().iterator().next().asJsonObject()
                        .getJsonObject("schema")), 0);
        int roll = random.nextInt(20);
        if (roll < 4) {
            return valid.toString().getBytes(StandardCharsets.UTF_8);
        }
        if (roll < 14) {
            JsonValue mutated = mutate(valid, mutations);
            return mutated.toString().getBytes(StandardCharsets.UTF_8);
        }
        return raw(valid.toString(), mutations);
    }

    private byte[] raw(String json, List<String> mutations) {
        int kind = random.nextInt(12);
        mutations.add("raw body " + kind);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        switch (kind) {
            case 0 -> out.writeBytes(Arrays.copyOf(bytes, Math.max(0, bytes.length - 1 - random.nextInt(Math.max(1, bytes.length)))));
            case 1 -> out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            case 2 -> out.writeBytes(new byte[] {'{', '"', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
            case 3 -> out.writeBytes(("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.US_ASCII));
            case 4 -> out.writeBytes(("{\"a\":\"" + "x".repeat(70_000) + "\"}").getBytes(StandardCharsets.US_ASCII));
            case 5 -> out.writeBytes("{\"email\":1e999999,\"limit\":-1e-999999}".getBytes(StandardCharsets.US_ASCII));
            case 6 -> out.writeBytes((json + json).getBytes(StandardCharsets.UTF_8));
            case 7 -> out.writeBytes("{\"email\":\"a@b.test\",\"email\":{\"x\":[]}}".getBytes(StandardCharsets.US_ASCII));
            case 8 -> out.writeBytes(new byte[] {'{', '"', 'a', '"', ':', '"', 0, '"', '}'});
            case 9 -> out.writeBytes("{\"a\":\"\\ud800\",\"b\":\"\\u0000\"}".getBytes(StandardCharsets.US_ASCII));
            case 10 -> {
                byte[] noise = new byte[random.nextInt(200)];
                random.nextBytes(noise);
                out.writeBytes(noise);
            }
            default -> out.writeBytes("null".getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    private JsonValue mutate(JsonValue valid, List<String> mutations) {
        if (valid.getValueType() != JsonValue.ValueType.OBJECT || valid.asJsonObject().isEmpty() || chance(10)) {
            mutations.add("body replaced");
            return anyValue(0);
        }
        JsonObject object = valid.asJsonObject();
        List<String> names = new ArrayList<>(object.keySet());
        JsonObjectBuilder builder = Json.createObjectBuilder(object);
        int edits = 1 + random.nextInt(2);
        for (int i = 0; i < edits; i++) {
            String name = pick(names);
            int roll = random.nextInt(6);
            if (roll == 0) {
                builder.remove(name);
                mutations.add("without " + name);
            } else if (roll == 1) {
                builder.addNull(name);
                mutations.add(name + " null");
            } else if (roll == 2) {
                builder.add(pick(List.of("role", "id", "is_active", "password_hash", "__proto__", "Email", "EMAIL",
                        "deleted_at", "email_verified")), anyValue(1));
                mutations.add("extra field");
            } else {
                builder.add(name, anyValue(1));
                mutations.add(name + " replaced");
            }
        }
        return builder.build();
    }

    private JsonValue anyValue(int depth) {
        int roll = random.nextInt(depth > 3 ? 6 : 9);
        return switch (roll) {
            case 0 -> Json.createValue(hostile());
            case 1 -> Json.createValue(pick(List.of(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, 2147483648L, 1L)));
            case 2 -> Json.createValue(pick(List.of(0.5, -0.0, 1e308, Double.MIN_VALUE)));
            case 3 -> random.nextBoolean() ? JsonValue.TRUE : JsonValue.FALSE;
            case 4 -> JsonValue.NULL;
            case 5 -> Json.createValue("s".repeat(random.nextInt(2) == 0 ? 255 : 5000));
            case 6 -> {
                JsonArrayBuilder array = Json.createArrayBuilder();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(anyValue(depth + 1));
                }
                yield array.build();
            }
            default -> {
                JsonObjectBuilder object = Json.createObjectBuilder();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.add(pick(List.of("email", "password", "role", "x", "")), anyValue(depth + 1));
                }
                yield object.build();
            }
        };
    }

    /** A valid value of {@code schema}, named {@code name} (names pick realistic values: emails, ids, tokens). */
    private JsonValue value(String name, JsonObject schema, int depth) {
        JsonObject resolved = resolve(schema);
        String type = resolved.getString("type", resolved.containsKey("properties") ? "object" : "string");
        switch (type) {
            case "object" -> {
                JsonObjectBuilder object = Json.createObjectBuilder();
                JsonObject properties = resolved.getJsonObject("properties");
                List<String> required = resolved.containsKey("required")
                        ? resolved.getJsonArray("required").getValuesAs(jakarta.json.JsonString.class).stream()
                                .map(jakarta.json.JsonString::getString).toList() : List.of();
                if (properties != null && depth < 4) {
                    properties.forEach((property, propertySchema) -> {
                        if (required.contains(property) || chance(2)) {
                            object.add(property, value(property, propertySchema.asJsonObject(), depth + 1));
                        }
                    });
                }
                return object.build();
            }
            case "array" -> {
                return Json.createArrayBuilder().add(value(name, resolved.getJsonObject("items"), depth + 1)).build();
            }
            case "boolean" -> {
                return random.nextBoolean() ? JsonValue.TRUE : JsonValue.FALSE;
            }
            case "integer", "number" -> {
                return Json.createValue(Long.parseLong(scalar(name, resolved)));
            }
            default -> {
                return Json.createValue(scalar(name, resolved));
            }
        }
    }

    /** A valid scalar of {@code schema} as text. */
    private String scalar(String name, JsonObject schema) {
        JsonObject resolved = schema == null ? Json.createObjectBuilder().build() : resolve(schema);
        if (resolved.containsKey("enum")) {
            return pick(resolved.getJsonArray("enum").getValuesAs(jakarta.json.JsonString.class)).getString();
        }
        String type = resolved.getString("type", "string");
        if (type.equals("integer") || type.equals("number")) {
            long min = resolved.containsKey("minimum") ? resolved.getJsonNumber("minimum").longValue() : 0;
            long max = resolved.containsKey("maximum") ? resolved.getJsonNumber("maximum").longValue() : 100;
            return Long.toString(min + (long) random.nextInt((int) Math.min(1000, max - min + 1)));
        }
        if (type.equals("boolean")) {
            return Boolean.toString(random.nextBoolean());
        }
        String format = resolved.getString("format", "");
        String lower = name.toLowerCase(Locale.ROOT);
        Supplier<String> fallback = () -> "text-" + random.nextInt(1000);
        if (format.equals("email") || lower.contains("email")) {
            return chance(2) ? pick(pools.emails) : "fuzz-" + random.nextInt(1_000_000) + "@fuzz.test";
        }
        if (format.equals("uuid") || lower.endsWith("id")) {
            return chance(3) ? UUID.randomUUID().toString() : pick(pools.userIds);
        }
        if (format.equals("date-time")) {
            return Instant.now().minusSeconds(random.nextInt(100_000)).toString();
        }
        if (lower.contains("password")) {
            return "Fuzz-Pass-" + random.nextInt(1_000_000) + "!x";
        }
        if (lower.equals("refresh_token")) {
            return pick(pools.refreshTokens);
        }
        if (lower.contains("token") || lower.equals("cursor")) {
            return Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
        }
        if (lower.equals("code")) {
            return String.format("%06d", random.nextInt(1_000_000));
        }
        return fallback.get();
    }

    private JsonObject resolve(JsonObject schema) {
        JsonObject current = schema;
        for (int i = 0; i < 5 && current.containsKey("$ref"); i++) {
            String ref = current.getString("$ref");
            current = schemas.getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
        }
        if (current.containsKey("allOf")) {
            return resolve(current.getJsonArray("allOf").getJsonObject(0));
        }
        return current;
    }

    private String hostile() {
        return pick(HOSTILE);
    }

    /** A header value Java's client sends: printable ASCII only. */
    private static String ascii(String value) {
        StringBuilder out = new StringBuilder();
        value.chars().filter(c -> c >= 0x20 && c < 0x7f).forEach(c -> out.append((char) c));
        return out.toString().strip().isEmpty() ? "x" : out.toString().strip();
    }

    private boolean chance(int oneIn) {
        return random.nextInt(oneIn) == 0;
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
