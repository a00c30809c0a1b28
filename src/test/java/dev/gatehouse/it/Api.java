package dev.gatehouse.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The one HTTP client of the integration tests: raw requests with any headers and body, replies
 * with status, headers and JSON body, and the few flows every test needs (register, login). The
 * static methods talk to the suite's server (127.0.0.1 on the port Arquillian reports);
 * {@link #at(URI)} gives the same calls against any other Gatehouse, such as a node a
 * {@link PayaraProcess} started.
 */
public final class Api {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static volatile Server suite;

    private Api() {
    }

    /** Points the client at the deployment Arquillian reported, but on loopback. */
    static void use(URL deploymentUrl) {
        if (suite == null) {
            suite = at(URI.create("http://127.0.0.1:" + deploymentUrl.getPort()));
        }
    }

    /** The suite server's base URI, e.g. {@code http://127.0.0.1:8080}. */
    public static URI base() {
        return suite.base();
    }

    /** The suite server's base URI, when Arquillian has started it. */
    static java.util.Optional<URI> suiteBase() {
        return java.util.Optional.ofNullable(suite).map(Server::base);
    }

    /** The calls of this class against the Gatehouse at {@code base} ({@code http://host:port}), 60 s per request. */
    public static Server at(URI base) {
        return new Server(base, REQUEST_TIMEOUT);
    }

    /** A server reply. @param status the HTTP status @param response the raw response */
    public record Reply(int status, HttpResponse<String> response) {

        /** The body as a JSON object; fails if it is not one. */
        public JsonObject json() {
            try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
                return reader.readObject();
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

        /** All values of a header, in order. */
        public List<String> headers(String name) {
            return response.headers().allValues(name);
        }

        /** The path of the request this answers, without the query. */
        public String path() {
            return response.request().uri().getPath();
        }

        /** The problem's {@code detail}. */
        public String detail() {
            return json().getString("detail");
        }
    }

    /**
     * One Gatehouse reached over HTTP/1.1 at {@code base}; a connection failure or a timeout is an
     * {@link UncheckedIOException}. A node that trusts a proxy on loopback ({@code TRUSTED_PROXIES})
     * keys its rate limits and records to the {@code X-Forwarded-For} address: {@link #from(String)}
     * and {@link #fromEach(Supplier)} give every request such an address, unless the request names
     * its own.
     *
     * @param base scheme, host and port, such as {@code http://127.0.0.1:8080}
     * @param timeout how long a request may take before it fails
     * @param clientAddress the {@code X-Forwarded-For} of each request, or null for none
     */
    public record Server(URI base, Duration timeout, Supplier<String> clientAddress) {

        private static final String FORWARDED_FOR = "X-Forwarded-For";

        /** A server reached directly, without {@code X-Forwarded-For}. */
        public Server(URI base, Duration timeout) {
            this(base, timeout, null);
        }

        /** The same server with another request timeout (short ones for probes). */
        public Server withTimeout(Duration newTimeout) {
            return new Server(base, newTimeout, clientAddress);
        }

        /** The same server, every request forwarded from {@code address}: one client with one budget. */
        public Server from(String address) {
            return new Server(base, timeout, () -> address);
        }

        /**
         * The same server, each request forwarded from the next address of {@code addresses}: every
         * request has a rate-limit budget of its own, so small budgets never refuse a test that is
         * not about them.
         */
        public Server fromEach(Supplier<String> addresses) {
            return new Server(base, timeout, addresses);
        }

        /** Any request with any body. @param headers name, value, name, value ... */
        public Reply sendBody(String method, String path, BodyPublisher body, String... headers) {
            try {
                HttpResponse<String> response = CLIENT.send(request(method, path, body, headers),
                        HttpResponse.BodyHandlers.ofString());
                ContractCheck.check(base, method, path, response);
                return new Reply(response.statusCode(), response);
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + base.resolve(path), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Any request, sent without waiting: for many requests in flight at once. */
        public CompletableFuture<Reply> sendBodyAsync(String method, String path, BodyPublisher body, String... headers) {
            return CLIENT.sendAsync(request(method, path, body, headers), HttpResponse.BodyHandlers.ofString())
                    .thenApply(response -> {
                        ContractCheck.check(base, method, path, response);
                        return new Reply(response.statusCode(), response);
                    });
        }

        /** Any request with a text body, or none when {@code body} is null. */
        public Reply send(String method, String path, String body, String... headers) {
            return sendBody(method, path, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body), headers);
        }

        /** GET with optional headers. */
        public Reply get(String path, String... headers) {
            return send("GET", path, null, headers);
        }

        /** POST of a JSON body with optional headers. */
        public Reply postJson(String path, String json, String... headers) {
            return send("POST", path, json, concat(headers, "Content-Type", "application/json"));
        }

        /** GET as the holder of {@code token}. */
        public Reply getAs(String token, String path) {
            return get(path, "Authorization", "Bearer " + token);
        }

        /** A request as the holder of {@code token}, with a JSON body unless {@code json} is null. */
        public Reply jsonAs(String token, String method, String path, String json) {
            return json == null
                    ? send(method, path, null, "Authorization", "Bearer " + token)
                    : send(method, path, json, "Authorization", "Bearer " + token, "Content-Type", "application/json");
        }

        /** Logs {@code email} in here: a new session; fails unless the answer is a 200 token pair. */
        public Account login(String email, String password) {
            Reply reply = postJson("/api/auth/login", json("email", email, "password", password));
            if (reply.status() != 200) {
                throw new AssertionError("login " + email + " at " + base + ": " + reply.status() + " " + reply.body());
            }
            return new Account(email, password, reply.json());
        }

        private HttpRequest request(String method, String path, BodyPublisher body, String... headers) {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
            boolean forwarded = false;
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
                forwarded |= headers[i].equalsIgnoreCase(FORWARDED_FOR);
            }
            if (clientAddress != null && !forwarded) {
                request.header(FORWARDED_FOR, clientAddress.get());
            }
            return request.method(method, body).build();
        }
    }

    /** Any request to the suite server. @param headers name, value, name, value ... */
    public static Reply send(String method, String path, String body, String... headers) {
        return suite.send(method, path, body, headers);
    }

    /** Any request with any body (raw bytes, chunked streams) to the suite server. */
    public static Reply sendBody(String method, String path, BodyPublisher body, String... headers) {
        return suite.sendBody(method, path, body, headers);
    }

    /** GET with optional headers. */
    public static Reply get(String path, String... headers) {
        return suite.get(path, headers);
    }

    /** POST of a JSON body. */
    public static Reply postJson(String path, String json, String... headers) {
        return suite.postJson(path, json, headers);
    }

    /** GET with a bearer token. */
    public static Reply getAs(String token, String path) {
        return get(path, "Authorization", "Bearer " + token);
    }

    /** A request with a bearer token, and a JSON body unless {@code json} is null. */
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

    /** Registers a new user (role {@code user}) and logs it in; fails loudly if either step fails. */
    public static Account newAccount(String hint) {
        String email = uniqueEmail(hint);
        String password = "pw-" + UUID.randomUUID();
        Reply registered = register(email, password);
        if (registered.status() != 201) {
            throw new AssertionError("register failed: " + registered.status() + " " + registered.body());
        }
        return Accounts.login(email, password);
    }

    /** Logs in the bootstrap admin: a new session of it. */
    public static Account admin() {
        return Accounts.login(TestSecrets.ADMIN_EMAIL, TestSecrets.adminPassword());
    }
}
