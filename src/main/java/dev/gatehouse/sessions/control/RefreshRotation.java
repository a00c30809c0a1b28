package dev.gatehouse.sessions.control;

import dev.gatehouse.access.Role;
import dev.gatehouse.accounts.control.Account;
import dev.gatehouse.activity.control.ActivityRow;
import dev.gatehouse.activity.entity.Action;
import dev.gatehouse.platform.config.DatabaseUrl;
import dev.gatehouse.platform.config.DatabaseSettings;
import dev.gatehouse.platform.database.GatehouseDataSource;
import dev.gatehouse.platform.web.ClientInfo;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Rotates a refresh token. On PostgreSQL the common case, the session's current token, costs one
 * round trip and no lock held across application code: a compare-and-swap {@code UPDATE ...
 * RETURNING} on the current hash of a live session of an active user, with the {@code auth.refresh}
 * entry inserted by the same statement, in auto-commit. It is {@link
 * dev.gatehouse.sessions.entity.Session#rotate}'s {@code CURRENT} case written as SQL. Anything else
 * (a superseded token, a dead session, and every rotation on H2) goes to
 * {@link SessionService#rotateLocked}, where the session entity decides under a row lock. Two
 * concurrent refreshes with one token: one swap succeeds, the other finds the hash changed and is
 * judged reuse, as API.md requires.
 *
 * <p>The statement runs outside any transaction (the caller runs without one) on a connection from
 * {@link GatehouseDataSource#outsideTransactions}: the pool itself on Payara, the container's data
 * source on WildFly, whose connection manager keeps the connections it has taken from the pool, so
 * that refresh draws on the same connections as everything else instead of starving behind them.
 */
@ApplicationScoped
public class RefreshRotation {

    private static final String COMPARE_AND_SWAP = "WITH rotated AS ("
            + "UPDATE sessions s SET refresh_token_hash = ?, last_used_at = ?, expires_at = ? FROM users u"
            + " WHERE s.id = ? AND s.refresh_token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ?"
            + " AND u.id = s.user_id AND u.is_active AND u.deleted_at IS NULL"
            + " RETURNING u.id, u.email, u.role, u.is_active, u.created_at, u.updated_at, u.email_verified,"
            + " u.mfa_enabled, s.amr"
            + "), logged AS (" + ActivityRow.insertFrom("rotated", "rotated.id") + ")"
            + " SELECT id, email, role, is_active, created_at, updated_at, email_verified, mfa_enabled, amr FROM rotated";

    @Inject
    DatabaseSettings settings;

    @Resource(lookup = "java:app/jdbc/gatehouse")
    DataSource dataSource;

    @EJB
    SessionService sessions;

    /** Rotates {@code presentedHash} of session {@code sessionId} to {@code newHash}; see the class comment. */
    public Rotation rotate(UUID sessionId, String presentedHash, String newHash, Instant now, Instant newExpiry,
                           ClientInfo client) {
        if (settings.url().kind() == DatabaseUrl.Kind.POSTGRESQL) {
            Optional<Rotation> rotated = compareAndSwap(sessionId, presentedHash, newHash, now, newExpiry, client);
            if (rotated.isPresent()) {
                return rotated.get();
            }
        }
        return sessions.rotateLocked(sessionId, presentedHash, newHash, now, newExpiry, client);
    }

    private Optional<Rotation> compareAndSwap(UUID sessionId, String presentedHash, String newHash, Instant now,
                                             Instant newExpiry, ClientInfo client) {
        ActivityRow entry = ActivityRow.of(Action.REFRESH, client, Map.of("session_id", sessionId.toString()), now);
        try (Connection connection = GatehouseDataSource.outsideTransactions(dataSource);
             PreparedStatement statement = GatehouseDataSource.withKeptPlan(connection.prepareStatement(COMPARE_AND_SWAP))) {
            statement.setString(1, newHash);
            statement.setObject(2, utc(now));
            statement.setObject(3, utc(newExpiry));
            statement.setObject(4, sessionId);
            statement.setString(5, presentedHash);
            statement.setObject(6, utc(now));
            entry.bind(statement, 7);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                Account account = new Account(row.getObject(1, UUID.class), row.getString(2),
                        Role.fromWire(row.getString(3)).orElseThrow(), row.getBoolean(4),
                        row.getObject(5, OffsetDateTime.class).toInstant(),
                        row.getObject(6, OffsetDateTime.class).toInstant(), null, row.getBoolean(7), row.getBoolean(8));
                entry.logged(account.id());
                return Optional.of(Rotation.rotated(account, List.of(row.getString(9).split(" "))));
            }
        } catch (SQLException e) {
            throw new PersistenceException("refresh-token rotation failed", e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
