package dev.gatehouse.web;

import dev.gatehouse.api.Problem;
import dev.gatehouse.util.RequestId;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * The error page of the whole WAR (see {@code web.xml}): errors raised outside JAX-RS (unknown
 * paths outside {@code /api}, container failures) become problem documents instead of HTML.
 */
@WebServlet(urlPatterns = "/_error")
public class ErrorServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Any method: the container forwards the original request here. */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 404;
        if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) == null) {
            status = 404;
        }
        String title;
        String detail;
        switch (status) {
            case 404 -> { title = "Not Found"; detail = "Not found"; }
            case 405 -> { title = "Method Not Allowed"; detail = "Method not allowed"; }
            case 413 -> { title = "Content Too Large"; detail = "Request body too large"; }
            case 400 -> { title = "Bad Request"; detail = "Bad request"; }
            default -> {
                status = status >= 400 && status < 500 ? status : 500;
                title = status == 500 ? "Internal Server Error" : "Error";
                detail = status == 500 ? "Internal server error" : "Request refused";
            }
        }
        response.reset();
        SecurityHeaders.apply(request, response);
        RequestId.current().ifPresent(id -> response.setHeader("X-Request-Id", id));
        Problem.of(status, title, detail).writeTo(response, Map.of());
    }
}
