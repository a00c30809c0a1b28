package dev.gatehouse.platform.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How the client address is chosen from the socket peer and {@code X-Forwarded-For}. */
class ClientAddressTest {

    private static final String PEER = "127.0.0.1";

    @Test
    void withoutTrustedProxiesTheHeaderIsNeverBelieved() {
        ClientAddress resolver = new ClientAddress(List.of());
        assertEquals(PEER, resolver.resolve(PEER, "203.0.113.9"));
        assertEquals(PEER, resolver.resolve(PEER, "203.0.113.9, 198.51.100.1"));
        assertEquals(PEER, resolver.resolve(PEER, null));
    }

    @Test
    void aTrustedPeerWithoutHeaderIsTheClient() {
        assertEquals(PEER, new ClientAddress(List.of(PEER)).resolve(PEER, null));
    }

    @Test
    void anUntrustedPeerIsTheClientWhateverItForwards() {
        ClientAddress resolver = new ClientAddress(List.of("10.0.0.1"));
        assertEquals("192.0.2.50", resolver.resolve("192.0.2.50", "203.0.113.9"));
    }

    @Test
    void aTrustedIpv4PeerForwardsItsClient() {
        ClientAddress resolver = new ClientAddress(List.of("10.0.0.1"));
        assertEquals("203.0.113.9", resolver.resolve("10.0.0.1", "203.0.113.9"));
        assertEquals("203.0.113.9", resolver.resolve("10.0.0.1", "  203.0.113.9  "));
    }

    @Test
    void aCidrRangeTrustsEveryAddressInsideAndNoneOutside() {
        ClientAddress resolver = new ClientAddress(List.of("10.20.0.0/14"));
        assertEquals("203.0.113.9", resolver.resolve("10.20.0.1", "203.0.113.9"));
        assertEquals("203.0.113.9", resolver.resolve("10.23.255.254", "203.0.113.9"));
        assertEquals("10.24.0.1", resolver.resolve("10.24.0.1", "203.0.113.9"));
        assertEquals("10.19.255.255", resolver.resolve("10.19.255.255", "203.0.113.9"));
    }

    @Test
    void aByteAlignedCidrWorks() {
        ClientAddress resolver = new ClientAddress(List.of("10.1.0.0/16"));
        assertEquals("203.0.113.9", resolver.resolve("10.1.200.3", "203.0.113.9"));
        assertEquals("10.2.0.1", resolver.resolve("10.2.0.1", "203.0.113.9"));
    }

    @Test
    void ipv6ProxiesAndClientsWork() {
        ClientAddress resolver = new ClientAddress(List.of("::1", "2001:db8:aa::/48"));
        assertEquals("2001:db8:ff::7", resolver.resolve("0:0:0:0:0:0:0:1", "2001:db8:ff::7"));
        assertEquals("2001:db8:ff::7", resolver.resolve("2001:db8:aa:1::2", "2001:db8:ff::7"));
        assertEquals("2001:db8:ab::2", resolver.resolve("2001:db8:ab::2", "2001:db8:ff::7"));
        assertEquals("203.0.113.9", resolver.resolve("::1", "203.0.113.9"));
    }

    @Test
    void anIpv4RangeDoesNotMatchIpv6Peers() {
        ClientAddress resolver = new ClientAddress(List.of("0.0.0.0/0"));
        assertEquals("2001:db8::1", resolver.resolve("2001:db8::1", "203.0.113.9"));
    }

    @Test
    void theRightMostUntrustedHopIsTheClient() {
        ClientAddress resolver = new ClientAddress(List.of("10.0.0.0/8"));
        // a client may put anything on the left; only the hops the proxies appended count
        assertEquals("203.0.113.9", resolver.resolve("10.0.0.1", "198.51.100.66, 203.0.113.9"));
        assertEquals("203.0.113.9", resolver.resolve("10.0.0.1", "198.51.100.66, 203.0.113.9, 10.1.1.1, 10.2.2.2"));
    }

    @Test
    void repeatedHeaderLinesAreOneListSoAProxysAppendedLineDecides() {
        ClientAddress resolver = new ClientAddress(List.of("10.0.0.0/8"));
        String joined = ClientAddress.forwardedFor(java.util.Collections.enumeration(List.of("6.6.6.6", "203.0.113.9")));
        assertEquals("6.6.6.6, 203.0.113.9", joined);
        assertEquals("203.0.113.9", resolver.resolve("10.0.0.1", joined));
        assertEquals(null, ClientAddress.forwardedFor(java.util.Collections.emptyEnumeration()));
    }

    @Test
    void onlyTrustedHopsLeaveThePeer() {
        ClientAddress resolver = new ClientAddress(List.of("10.0.0.0/8"));
        assertEquals("10.0.0.1", resolver.resolve("10.0.0.1", "10.9.9.9, 10.8.8.8"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ",", "not-an-ip", "unknown", "beef", "cafe.babe", "999.999.999.999",
        "256.1.1.1", "10.0.0.1.5", "1.2.3", "010.0.0.1", "::1::2", "dead:beef", "203.0.113.9:443",
        "fe80::1%eth0", "<script>", "203.0.113.9 203.0.113.10"})
    void garbageAsTheDecidingHopFallsBackToThePeer(String garbage) {
        ClientAddress resolver = new ClientAddress(List.of(PEER));
        assertEquals(PEER, resolver.resolve(PEER, garbage));
        assertEquals(PEER, resolver.resolve(PEER, "203.0.113.9, " + garbage));
    }

    @Test
    void garbageLeftOfTheClientIsNeverReached() {
        ClientAddress resolver = new ClientAddress(List.of(PEER));
        assertEquals("203.0.113.9", resolver.resolve(PEER, "garbage, 203.0.113.9"));
    }

    @Test
    void badTrustedProxiesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("proxy.internal")));
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("10.0.0.0/33")));
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("::1/129")));
    }
}
