package dev.gatehouse.web;

import dev.gatehouse.api.Problem;
import dev.gatehouse.config.Settings;
import dev.gatehouse.util.RequestId;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * First on every request: binds a request id (a sane incoming {@code X-Request-Id} or a new
 * one), sets the security headers, and enforces {@code MAX_BODY_BYTES} inclusively, up front from
 * {@code Content-Length} and while reading for chunked bodies, so an oversized body is never held
 * in memory.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class RequestFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Inject
    transient Settings settings;

    /** See the class comment. */
    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String incoming = request.getHeader("X-Request-Id");
        String id = incoming != null && SANE_ID.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
        RequestId.set(id);
        try {
            response.setHeader("X-Request-Id", id);
            SecurityHeaders.apply(request, response);
            long limit = settings.maxBodyBytes();
            if (request.getContentLengthLong() > limit) {
                tooLarge(response);
                return;
            }
            chain.doFilter(new LimitedRequest(request, limit), response);
        } finally {
            RequestId.clear();
        }
    }

    static void tooLarge(HttpServletResponse response) throws IOException {
        response.setHeader("Connection", "close");
        Problem.of(413, "Content Too Large", "Request body too large").writeTo(response, Map.of());
    }

    /** A request whose body stream fails with {@link TooLarge} past the limit. */
    static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    /** Thrown while reading a body that passes the limit. */
    public static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("request body over the limit");
        }
    }

    private static final class LimitedStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long read;

        LimitedStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws TooLarge {
            read += n;
            if (read > limit) {
                throw new TooLarge();
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
