package dev.gatehouse.operations;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * The addresses of the browser faces that are not files, answered by Gatehouse rather than by the
 * container so that each answer passes the edge filter and carries the security headers:
 * {@code /docs}, {@code /console} and {@code /account} redirect (301) to the folder with its
 * trailing slash, query kept, relative to the host the client used (a proxy may rewrite it); the
 * two pages the mails link to, {@code /account/reset-password} and {@code /account/verify-email},
 * are the account page itself, forwarded inside the server, so the address in the mail stays in
 * the address bar and the page reads its token from the query.
 */
@WebServlet(urlPatterns = {"/docs", "/console", "/account", "/account/reset-password", "/account/verify-email"})
public class PageRoutes extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Set<String> ACCOUNT_PAGE_PATHS = Set.of("/account/reset-password", "/account/verify-email");
    private static final String ACCOUNT_PAGE = "/account/index.html";

    /** The account page for the mail links; a 301 to the folder for the folder names. */
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String path = request.getServletPath();
        if (ACCOUNT_PAGE_PATHS.contains(path)) {
            // the file is UTF-8; without this Payara labels the forwarded page ISO-8859-1
            response.setCharacterEncoding("UTF-8");
            request.getRequestDispatcher(ACCOUNT_PAGE).forward(request, response);
            return;
        }
        String query = request.getQueryString();
        response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
        response.setHeader("Location", path + "/" + (query == null ? "" : "?" + query));
    }
}
