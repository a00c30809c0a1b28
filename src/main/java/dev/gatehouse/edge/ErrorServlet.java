package dev.gatehouse.edge;

import dev.gatehouse.platform.log.ApplicationLog;
import dev.gatehouse.platform.problem.Failure;
import dev.gatehouse.platform.problem.Problem;
import dev.gatehouse.platform.problem.Failures;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The error page of the whole WAR (see {@code web.xml}): errors raised outside JAX-RS (unknown
 * paths outside {@code /api}, exceptions escaping filters) become problem documents with the
 * security headers and the request id, keeping the headers already set (CORS, rate limit).
 */
@WebServlet(urlPatterns = "/_error")
public class ErrorServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Any method: the container forwards the original request here. */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) {
        try {
            Problem.write(failureOf(request), request, response);
        } catch (IOException e) {
            // the client went away while its error went out: nothing to answer, nothing to log twice
            ApplicationLog.logger().fine(() -> "error page not delivered: " + e);
        }
    }

    /** The failure the container reports: its exception classified, else its status. */
    static Failure failureOf(HttpServletRequest request) {
        boolean authenticated = request.getUserPrincipal() != null;
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable thrown) {
            return Failures.classify(thrown, authenticated);
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i && request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) != null ? i : 404;
        return Failures.ofStatus(status, null, authenticated);
    }
}
