package dev.gatehouse.operations;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /docs} → {@code /docs/}, the API reference, answered by Gatehouse rather than by the
 * container's directory redirect, so the answer passes the edge filter and carries the security
 * headers like every other response. The query is kept; the target is relative to the host the
 * client used, which a proxy may rewrite.
 */
@WebServlet(urlPatterns = "/docs")
public class DocsRedirect extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** 301 to {@code /docs/}, any method that reads. */
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
        String query = request.getQueryString();
        response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
        response.setHeader("Location", "/docs/" + (query == null ? "" : "?" + query));
    }
}
