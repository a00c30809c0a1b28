package dev.gatehouse.operations;

import dev.gatehouse.platform.metrics.Telemetry;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code /metrics}: the deployment's figures in the Prometheus text format (0.0.4), the same names on
 * every runtime. The runtimes' own metrics endpoints stay off. Public, like {@code /api/health}: put
 * it behind the balancer's allow-list if the figures are not for everyone.
 */
@WebServlet(urlPatterns = "/metrics")
public class MetricsEndpoint extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** A scrape. */
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = Telemetry.REGISTRY.scrape().getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/plain;version=0.0.4;charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
