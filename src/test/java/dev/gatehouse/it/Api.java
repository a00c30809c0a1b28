package dev.gatehouse.it;

import dev.gatehouse.accounts.control.Account;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small HTTP client for the deployed server: raw requests with any headers, replies with status,
 * headers and JSON body, and the few flows every test needs (register, login). Requests go to
 * 127.0.0.1 on the port Arquillian reports.
 */
public final class Api {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static volatile URI base;

    private Api() {
    }

    /** Points the client at the deployment Arquillian reported, but on loopback. */
    static void use(URL deploymentUrl) {
        if (base == null) {
            base = URI.create("http://127.0.0.1:" + deploymentUrl.getPort());
        }
    }

    /** The server's base URI, e.g. {@code http://127.0.0.1:8080}. */
    public static URI base() {
        return base;
    }

    /** A server reply. @param status the HTTP status @param response the raw response */
    public record Reply(int status, HttpResponse<String> response) {

        /** The body as a JSON object. */
        public JsonObject json() {
            try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
                return reader.readObject();
            }
        }

        /** The body as a JSON array. */
        public JsonArray jsonArray() {
            try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
                return reader.readArray();
            }
        }

        /** The raw body. */
        public String body() {
            return response.body();
        }

        /** A header's first value, or null. */
        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        /** All values of a header. */
        public List<String> headers(String name) {
            return response.headers().allValues(name);
        }

        /** The problem's {@code detail}. */
        public String detail() {
            return json().getString("detail");
        }
    }

    /** Any request. @param headers name, value, name, value ... */
    public static Reply send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GET with optional headers. */
    public static Reply get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    /** POST of a JSON body. */
    public static Reply postJson(String path, String json, String... headers) {
        return send("POST", path, json, concat(headers, "Content-Type", "application/json"));
    }

    /** GET with a bearer token. */
    public static Reply getAs(String token, String path) {
        return get(path, "Authorization", "Bearer " + token);
    }

    /** A JSON request with a bearer token. */
    public static Reply jsonAs(String token, String method, String path, String json) {
        return json == null
                ? send(method, path, null, "Authorization", "Bearer " + token)
                : send(method, path, json, "Authorization", "Bearer " + token, "Content-Type", "application/json");
    }

    private static String[] concat(String[] headers, String... more) {
        String[] all = new String[headers.length + more.length];
        System.arraycopy(headers, 0, all, 0, headers.length);
        System.arraycopy(more, 0, all, headers.length, more.length);
        return all;
    }

    /** An email no other test uses. */
    public static String uniqueEmail(String hint) {
        return hint + "-" + SEQUENCE.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    }

    /** A JSON object of string fields: {@code json("email", e, "password", p)}. */
    public static String json(String... keyValues) {
        var object = Json.createObjectBuilder();
        for (int i = 0; i < keyValues.length; i += 2) {
            object.add(keyValues[i], keyValues[i + 1]);
        }
        return object.build().toString();
    }

    /** Registers {@code email} and asserts nothing: returns the reply. */
    public static Reply register(String email, String password) {
        return postJson("/api/auth/register", json("email", email, "password", password));
    }

    /** Logs in: returns the reply. */
    public static Reply login(String email, String password) {
        return postJson("/api/auth/login", json("email", email, "password", password));
    }

    /** A registered, logged-in user. @param email its email @param password its password @param tokens the login reply body */
    public record Account(String email, String password, JsonObject tokens) {

        /** The access token. */
        public String accessToken() {
            return tokens.getString("access_token");
        }

        /** The refresh token. */
        public String refreshToken() {
            return tokens.getString("refresh_token");
        }

        /** The user id. */
        public String id() {
            return tokens.getJsonObject("user").getString("id");
        }
    }

    /** Registers a new user and logs it in; fails loudly if either step fails. */
    public static Account newAccount(String hint) {
        String email = uniqueEmail(hint);
        String password = "pw-" + UUID.randomUUID();
        Reply registered = register(email, password);
        if (registered.status() != 201) {
            throw new AssertionError("register failed: " + registered.status() + " " + registered.body());
        }
        Reply login = login(email, password);
        if (login.status() != 200) {
            throw new AssertionError("login failed: " + login.status() + " " + login.body());
        }
        return new Account(email, password, login.json());
    }

    /** Logs in the bootstrap admin. */
    public static Account admin() {
        Reply login = login(TestSecrets.ADMIN_EMAIL, TestSecrets.adminPassword());
        if (login.status() != 200) {
            throw new AssertionError("admin login failed: " + login.status() + " " + login.body());
        }
        return new Account(TestSecrets.ADMIN_EMAIL, TestSecrets.adminPassword(), login.json());
    }

    /** The first value of an optional header as an Optional. */
    public static Optional<String> optionalHeader(Reply reply, String name) {
        return Optional.ofNullable(reply.header(name));
    }
}
