package dev.gatehouse.platform.problem;

import dev.gatehouse.platform.log.ApplicationLog;
import java.io.IOException;

/**
 * A client that stopped sending its body (shorter than its {@code Content-Length}, or the
 * connection closed): logged as one short line, answered as a 400 that most likely nobody reads.
 * It is not a server fault, and an anonymous client must not be able to fill the log with it.
 */
public final class ClientAbort {

    private ClientAbort() {
    }

    /** The failure that answers an abandoned request body, after one log line. */
    public static Failure of(IOException cause) {
        ApplicationLog.logger().info(() -> "client abandoned its request body: " + cause.getClass().getSimpleName());
        return Failure.badRequest("Request body incomplete");
    }
}
