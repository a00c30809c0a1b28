package dev.gatehouse.platform.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The client address of a request: the socket peer, unless the peer is one of the configured
 * trusted proxies, in which case the right-most address of {@code X-Forwarded-For} that is not
 * itself a trusted proxy. With no trusted proxies (the default) the header is never believed, so
 * a client cannot choose its own rate-limit key.
 */
public final class ClientAddress {

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    private final List<Range> trusted;

    /** @param trustedProxies IP addresses or CIDR ranges, as in {@code TRUSTED_PROXIES} */
    public ClientAddress(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream().map(Range::parse).toList();
    }

    /**
     * Every {@code X-Forwarded-For} line of a request as one list, in order (RFC 9110: repeated lines
     * are one comma-separated field): a proxy that appends a line of its own must not leave the
     * client's own first line to decide. Null when there is none.
     */
    public static String forwardedFor(Enumeration<String> lines) {
        if (lines == null || !lines.hasMoreElements()) {
            return null;
        }
        return String.join(", ", Collections.list(lines));
    }

    /** The client address given the socket peer and the {@code X-Forwarded-For} header (may be null). */
    public String resolve(String peer, String forwardedFor) {
        if (trusted.isEmpty() || forwardedFor == null || !isTrusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            byte[] address = bytes(hop);
            if (address == null) {
                return peer;
            }
            if (!isTrusted(address)) {
                return hop;
            }
        }
        return peer;
    }

    private boolean isTrusted(String address) {
        byte[] bytes = bytes(address);
        return bytes != null && isTrusted(bytes);
    }

    private boolean isTrusted(byte[] address) {
        return trusted.stream().anyMatch(r -> r.contains(address));
    }

    private static boolean looksLikeIp(String text) {
        return text.matches("[0-9A-Fa-f:.]{2,45}");
    }

    /** The bytes of an IP literal: dotted-quad IPv4 or IPv6; anything else (never looked up in DNS) is null. */
    private static byte[] bytes(String address) {
        if (address == null || !looksLikeIp(address)
                || address.indexOf(':') < 0 && !IPV4.matcher(address).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private record Range(byte[] network, int prefix) {
        static Range parse(String text) {
            String[] parts = text.split("/", 2);
            byte[] network = bytes(parts[0]);
            if (network == null) {
                throw new IllegalArgumentException("not an IP address: " + parts[0]);
            }
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("bad prefix length: " + text);
            }
            return new Range(network, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
