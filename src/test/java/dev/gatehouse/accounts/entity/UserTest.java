package dev.gatehouse.accounts.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.access.Role;
import dev.gatehouse.platform.database.Timestamps;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** The rules an account keeps by itself: who may authenticate, and a soft delete that happens once and is undone once. */
class UserTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private static User user() {
        return new User("a@example.test", "$2a$04$hash", Role.USER);
    }

    @Test
    void aNewAccountIsActiveNotDeletedAndMayAuthenticate() {
        User user = new User("a@example.test", "$2a$04$hash", Role.MANAGER);

        assertTrue(user.active());
        assertNull(user.deletedAt());
        assertTrue(user.canAuthenticate());
        assertEquals("a@example.test", user.email());
        assertEquals("$2a$04$hash", user.passwordHash());
        assertEquals(Role.MANAGER, user.role());
    }

    @Test
    void everyNewAccountGetsItsOwnId() {
        assertNotEquals(user().id(), user().id());
    }

    @Test
    void aDeactivatedAccountMayNotAuthenticate() {
        User user = user();

        user.deactivate();

        assertFalse(user.active());
        assertFalse(user.canAuthenticate());
    }

    @Test
    void aReactivatedAccountMayAuthenticateAgain() {
        User user = user();
        user.deactivate();

        user.activate();

        assertTrue(user.active());
        assertTrue(user.canAuthenticate());
    }

    @Test
    void aDeletedAccountMayNotAuthenticateThoughItStaysActive() {
        User user = user();

        user.softDelete(T0);

        assertEquals(T0, user.deletedAt());
        assertTrue(user.active());
        assertFalse(user.canAuthenticate());
    }

    @Test
    void deletingADeletedAccountThrowsAndKeepsTheFirstDeletion() {
        User user = user();
        user.softDelete(T0);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> user.softDelete(T0.plusSeconds(60)));

        assertEquals("already deleted", e.getMessage());
        assertEquals(T0, user.deletedAt());
    }

    @Test
    void restoringADeletedAccountLetsItAuthenticateAgain() {
        User user = user();
        user.softDelete(T0);

        user.restore();

        assertNull(user.deletedAt());
        assertTrue(user.canAuthenticate());
    }

    @Test
    void restoringAnAccountThatIsNotDeletedThrowsAndChangesNothing() {
        User user = user();

        IllegalStateException e = assertThrows(IllegalStateException.class, user::restore);

        assertEquals("not deleted", e.getMessage());
        assertNull(user.deletedAt());
        assertTrue(user.canAuthenticate());
    }

    @Test
    void aRestoredAccountThatIsDeactivatedStillMayNotAuthenticate() {
        User user = user();
        user.deactivate();
        user.softDelete(T0);

        user.restore();

        assertFalse(user.canAuthenticate());
    }

    @Test
    void roleEmailAndPasswordHashChangeAsTold() {
        User user = user();

        user.changeRole(Role.GUEST);
        user.changeEmail("b@example.test");
        user.changePasswordHash("$2a$05$other");

        assertEquals(Role.GUEST, user.role());
        assertEquals("b@example.test", user.email());
        assertEquals("$2a$05$other", user.passwordHash());
    }

    @Test
    void emailsAreNormalisedByTrimmingAndLowerCasing() {
        assertEquals("mixed.case@example.test", User.normaliseEmail("  Mixed.Case@EXAMPLE.test\t"));
    }

    @Test
    void persistingStampsCreationAndUpdateWithTheSameMicrosecondInstant() {
        User user = user();
        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);

        user.stampCreation();

        Instant after = Instant.now();
        assertEquals(user.createdAt(), user.updatedAt());
        assertEquals(user.createdAt(), user.createdAt().truncatedTo(ChronoUnit.MICROS), "PostgreSQL keeps microseconds");
        assertFalse(user.createdAt().isBefore(before));
        assertFalse(user.createdAt().isAfter(after));
    }

    @Test
    void anUpdateMovesUpdatedAtAndKeepsCreatedAt() {
        User user = user();
        user.stampCreation();
        Instant created = user.createdAt();
        while (!Timestamps.now().isAfter(created)) {
            Thread.onSpinWait(); // the application's clock has microseconds: the next tick is at most 1 µs away
        }

        user.stampUpdate();

        assertEquals(created, user.createdAt());
        assertTrue(user.updatedAt().isAfter(created), () -> created + " then " + user.updatedAt());
    }
}
