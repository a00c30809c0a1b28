package dev.gatehouse.platform.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.ws.rs.core.HttpHeaders;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The runtime's 415 for a request that carries no body is the contract's missing body on every
 * runtime; a body that is not JSON stays 415, and other failures pass unchanged.
 */
class FailureMapperTest {

    /** Headers with the given {@code Content-Length} (-1: none) and optional {@code Transfer-Encoding}. */
    private static HttpHeaders headers(int length, String transferEncoding) {
        Map<String, String> values = transferEncoding.isEmpty() ? Map.of() : Map.of("Transfer-Encoding", transferEncoding);
        return (HttpHeaders) Proxy.newProxyInstance(HttpHeaders.class.getClassLoader(), new Class<?>[] {HttpHeaders.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getLength" -> length;
                    case "getHeaderString" -> values.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @ParameterizedTest(name = "length {0}, transfer-encoding ''{1}'' -> {2} {3}")
    @CsvSource(delimiter = '|', value = {
        "-1 |         | 400 | Malformed JSON",
        " 0 |         | 400 | Malformed JSON",
        "12 |         | 415 | Unsupported media type: send application/json",
        "-1 | chunked | 415 | Unsupported media type: send application/json"
    })
    void aRefusedMediaTypeIsAMissingBodyOnlyWithoutABody(int length, String transferEncoding, int status, String detail) {
        Failure answer = FailureMapper.forRequest(Failure.unsupportedMediaType(),
                headers(length, transferEncoding == null ? "" : transferEncoding));

        assertEquals(status, answer.status());
        assertEquals(detail, answer.detail());
    }

    @ParameterizedTest(name = "{0} without a body stays {0}")
    @CsvSource({"404", "405", "500"})
    void otherFailuresPassUnchanged(int status) {
        Failure failure = status == 404 ? Failure.noRoute() : status == 405 ? Failure.methodNotAllowed("GET") : Failure.internalError();

        assertEquals(failure, FailureMapper.forRequest(failure, headers(-1, "")));
    }
}
