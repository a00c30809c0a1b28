package dev.gatehouse.sessions.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.access.Role;
import dev.gatehouse.accounts.entity.User;
import dev.gatehouse.sessions.entity.Session.Presentation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a session makes of a presented refresh token: the current one rotates it (new hash, sliding
 * expiry, last use), a superseded one is reuse and revokes it, and a dead session (revoked, expired,
 * or its owner may not authenticate) refuses everything and changes nothing.
 */
class SessionTest {

    private static final Instant LOGIN = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant EXPIRY = LOGIN.plus(Duration.ofDays(7));
    private static final Instant NOW = LOGIN.plus(Duration.ofHours(1));
    private static final Instant NEW_EXPIRY = NOW.plus(Duration.ofDays(7));
    private static final String FIRST = "a".repeat(64);
    private static final String NEXT = "b".repeat(64);
    private static final String OTHER = "c".repeat(64);

    private final User owner = new User("owner@example.test", "$2a$04$hash", Role.USER);
    private final Session session = new Session(UUID.randomUUID(), owner, FIRST, LOGIN, EXPIRY, "127.0.0.1", "it",
            List.of("pwd"));

    /** Everything a rotation could change, to prove that nothing did. */
    private record Snapshot(String hash, Instant lastUsedAt, Instant expiresAt, Instant revokedAt, String reason) {
        static Snapshot of(Session s) {
            return new Snapshot(s.refreshTokenHash(), s.lastUsedAt(), s.expiresAt(), s.revokedAt(), s.revokeReason());
        }
    }

    @Test
    void aSessionKeepsTheMethodsItsLoginWasAuthenticatedWith() {
        Session withCode = new Session(UUID.randomUUID(), owner, FIRST, LOGIN, EXPIRY, "127.0.0.1", "it",
                List.of("pwd", "otp"));

        assertEquals(List.of("pwd", "otp"), withCode.amr());
        assertEquals(List.of("pwd"), session.amr());
    }

    @Test
    void aSessionNeedsAtLeastOneMethodThatFitsTheColumn() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Session(UUID.randomUUID(), owner, FIRST, LOGIN, EXPIRY, "127.0.0.1", "it", List.of()));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Session(UUID.randomUUID(), owner, FIRST, LOGIN, EXPIRY, "127.0.0.1", "it",
                        List.of("x".repeat(33))));
    }

    @Test
    void aNewSessionIsLiveWithItsFirstHashAndLastUsedAtLogin() {
        assertTrue(session.isLive(LOGIN));
        assertEquals(FIRST, session.refreshTokenHash());
        assertEquals(LOGIN, session.createdAt());
        assertEquals(LOGIN, session.lastUsedAt());
        assertEquals(EXPIRY, session.expiresAt());
        assertNull(session.revokedAt());
    }

    @Test
    void aSessionIsDeadFromItsExpiryOn() {
        assertTrue(session.isLive(EXPIRY.minusNanos(1)));
        assertFalse(session.isLive(EXPIRY));
    }

    @Test
    void judgingTheCurrentHashSaysCurrentAndChangesNothing() {
        Snapshot before = Snapshot.of(session);

        assertEquals(Presentation.CURRENT, session.judge(FIRST, NOW));
        assertEquals(before, Snapshot.of(session));
    }

    @Test
    void judgingAnotherHashSaysSupersededAndChangesNothing() {
        Snapshot before = Snapshot.of(session);

        assertEquals(Presentation.SUPERSEDED, session.judge(OTHER, NOW));
        assertEquals(before, Snapshot.of(session));
    }

    @Test
    void theCurrentHashRotatesTheSessionAndSlidesExpiryAndLastUse() {
        Presentation presentation = session.rotate(FIRST, NEXT, NOW, NEW_EXPIRY);

        assertEquals(Presentation.CURRENT, presentation);
        assertEquals(new Snapshot(NEXT, NOW, NEW_EXPIRY, null, null), Snapshot.of(session));
        assertTrue(session.isLive(NOW));
        assertEquals(LOGIN, session.createdAt());
    }

    @Test
    void aSupersededHashRevokesTheSessionAsRefreshReuse() {
        Presentation presentation = session.rotate(OTHER, NEXT, NOW, NEW_EXPIRY);

        assertEquals(Presentation.SUPERSEDED, presentation);
        assertEquals(new Snapshot(FIRST, LOGIN, EXPIRY, NOW, "refresh_reuse"), Snapshot.of(session));
        assertFalse(session.isLive(NOW));
    }

    @Test
    void theHashRotatedAwayIsReuseAfterwardsAndKillsTheNewOneToo() {
        session.rotate(FIRST, NEXT, NOW, NEW_EXPIRY);
        Instant later = NOW.plusSeconds(5);

        assertEquals(Presentation.SUPERSEDED, session.rotate(FIRST, OTHER, later, later.plus(Duration.ofDays(7))));
        assertEquals(Session.REUSE, session.revokeReason());
        assertEquals(Presentation.DEAD, session.judge(NEXT, later));
    }

    static Stream<Arguments> deadSessions() {
        return Stream.of(
                Arguments.of("revoked", (Consumer<Session>) s -> s.revoke(Session.LOGOUT, LOGIN.plusSeconds(1)), NOW),
                Arguments.of("expired", (Consumer<Session>) s -> { }, EXPIRY),
                Arguments.of("long expired", (Consumer<Session>) s -> { }, EXPIRY.plus(Duration.ofDays(30))),
                Arguments.of("owner deactivated", (Consumer<Session>) s -> s.user().deactivate(), NOW),
                Arguments.of("owner deleted", (Consumer<Session>) s -> s.user().softDelete(LOGIN.plusSeconds(1)), NOW));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deadSessions")
    void aDeadSessionRefusesTheCurrentAndASupersededHashAndNothingChanges(String why, Consumer<Session> kill,
                                                                           Instant at) {
        kill.accept(session);
        Snapshot before = Snapshot.of(session);

        for (String presented : List.of(FIRST, OTHER)) {
            assertEquals(Presentation.DEAD, session.judge(presented, at), why);
            assertEquals(Presentation.DEAD, session.rotate(presented, NEXT, at, at.plus(Duration.ofDays(7))), why);
            assertEquals(before, Snapshot.of(session), why);
        }
    }

    @Test
    void theFirstRevocationWinsAndASecondOneSaysSo() {
        assertTrue(session.revoke(Session.LOGOUT, NOW));

        assertFalse(session.revoke(Session.PASSWORD_CHANGED, NOW.plusSeconds(60)));

        assertEquals(NOW, session.revokedAt());
        assertEquals("logout", session.revokeReason());
        assertFalse(session.isLive(NOW));
    }
}
