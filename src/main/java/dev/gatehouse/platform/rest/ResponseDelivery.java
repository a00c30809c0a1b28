package dev.gatehouse.platform.rest;

import dev.gatehouse.platform.problem.Failures;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes every JAX-RS response entity and tells a client that went away mid-response from a
 * failure of the server. When the connection closes while the entity is written, the status line
 * has gone out and nothing can be answered; left alone, Jersey logs that as {@code SEVERE} with a
 * 60-line stack trace and RESTEasy hands it to the last exception mapper. Here it costs one INFO
 * line ({@link Failures#responseAbandoned}), and the rest of the entity goes nowhere, so closing it
 * fails no more; any other failure goes on as before.
 */
@Provider
public class ResponseDelivery implements WriterInterceptor {

    /** Writes the entity; an I/O failure of the client's connection ends the write quietly. */
    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
        try {
            context.proceed();
        } catch (IOException | RuntimeException e) {
            if (!Failures.clientGone(e)) {
                throw e;
            }
            Failures.responseAbandoned(e);
            // the runtime closes (and so flushes) the stream the interceptors leave it: give it one that cannot fail
            context.setOutputStream(OutputStream.nullOutputStream());
        }
    }
}
