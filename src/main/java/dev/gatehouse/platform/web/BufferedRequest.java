package dev.gatehouse.platform.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A request whose body has been read whole, up to the limit, before anything else sees it. Every
 * body is consumed on every method (a body sent with GET, DELETE or TRACE can never be parsed as
 * the next request on the connection), a chunked body over the limit is refused without being
 * held in memory beyond it, and a client that stops sending is noticed here, in one place.
 */
public final class BufferedRequest extends HttpServletRequestWrapper {

    private final byte[] body;

    private BufferedRequest(HttpServletRequest request, byte[] body) {
        super(request);
        this.body = body;
    }

    /**
     * Reads {@code request}'s body (none when it announces none) and wraps the request around it.
     *
     * @throws TooLarge when the body holds more than {@code limit} bytes
     * @throws IOException when the client stopped sending before the end of its body
     */
    public static BufferedRequest of(HttpServletRequest request, long limit) throws IOException {
        boolean chunked = request.getHeader("Transfer-Encoding") != null;
        if (!chunked && request.getContentLengthLong() <= 0) {
            return new BufferedRequest(request, new byte[0]);
        }
        if (request.getContentLengthLong() > limit) {
            throw new TooLarge();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(0, Math.min(request.getContentLengthLong(), limit)));
        byte[] buffer = new byte[8192];
        try (InputStream in = request.getInputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (out.size() + n > limit) {
                    throw new TooLarge();
                }
                out.write(buffer, 0, n);
            }
        }
        long announced = request.getContentLengthLong();
        if (announced >= 0 && out.size() < announced) {
            throw new IOException("body ended after " + out.size() + " of " + announced + " bytes");
        }
        return new BufferedRequest(request, out.toByteArray());
    }

    /** The body, from memory. */
    @Override
    public ServletInputStream getInputStream() {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] target, int offset, int length) {
                return in.read(target, offset, length);
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                try {
                    listener.onDataAvailable();
                    listener.onAllDataRead();
                } catch (IOException e) {
                    listener.onError(e);
                }
            }
        };
    }

    /** The body as text in the request's encoding (UTF-8 when none is declared). */
    @Override
    public BufferedReader getReader() {
        java.nio.charset.Charset charset = StandardCharsets.UTF_8;
        try {
            if (getCharacterEncoding() != null) {
                charset = java.nio.charset.Charset.forName(getCharacterEncoding());
            }
        } catch (IllegalArgumentException e) {
            // an unknown charset name from the client: read UTF-8, which the API speaks
        }
        return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }

    /** Thrown for a body over the limit. */
    public static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("request body over the limit");
        }
    }
}
