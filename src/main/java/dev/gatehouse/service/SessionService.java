package dev.gatehouse.service;

import dev.gatehouse.api.Page;
import dev.gatehouse.api.SessionView;
import dev.gatehouse.api.TokenPair;
import dev.gatehouse.security.AccessPolicy;
import dev.gatehouse.security.Caller;
import dev.gatehouse.util.Cursor;
import jakarta.persistence.TypedQuery;
import dev.gatehouse.config.Settings;
import dev.gatehouse.model.Session;
import dev.gatehouse.model.User;
import dev.gatehouse.security.AccessTokens;
import dev.gatehouse.security.RefreshTokens;
import dev.gatehouse.security.SessionState;
import dev.gatehouse.security.SessionStateCache;
import dev.gatehouse.security.TokenException;
import dev.gatehouse.util.ClientInfo;
import dev.gatehouse.util.Telemetry;
import dev.gatehouse.util.Timestamps;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Opens, rotates and revokes sessions; the only writer of the sessions table. A refresh locks the
 * session row, so of concurrent refreshes with one token exactly one rotates it; every other
 * presentation of a genuine but superseded token is reuse and revokes the session.
 */
@Stateless
public class SessionService {

    /** Revocation reasons stored on the session. */
    public static final String LOGOUT = "logout";
    /** All sessions of the user ended by the user. */
    public static final String LOGOUT_ALL = "logout_all";
    /** A superseded refresh token was presented again. */
    public static final String REUSE = "refresh_reuse";
    /** The password changed; other sessions end. */
    public static final String PASSWORD_CHANGED = "password_changed";
    /** The user was deactivated. */
    public static final String USER_DEACTIVATED = "user_deactivated";
    /** The user was deleted. */
    public static final String USER_DELETED = "user_deleted";
    /** Revoked through {@code DELETE /api/sessions/{id}}. */
    public static final String REVOKED = "revoked";

    @PersistenceContext
    EntityManager em;

    @Inject
    Settings settings;

    @Inject
    AccessTokens accessTokens;

    @Inject
    RefreshTokens refreshTokens;

    @Inject
    SessionStateCache cache;

    @EJB
    ActivityService activity;

    @EJB
    LoginThrottle throttle;

    @Inject
    Telemetry telemetry;

    private Duration refreshLifetime() {
        return Duration.ofDays(settings.refreshTokenDays());
    }

    /**
     * Completes a successful login: resets the throttle, stores an upgraded hash if one was
     * computed, opens a session and records {@code auth.login}.
     */
    public TokenPair openAfterLogin(UUID userId, String throttleKey, String upgradedHash, ClientInfo client) {
        User user = em.find(User.class, userId, LockModeType.PESSIMISTIC_WRITE);
        if (user == null || !user.canAuthenticate()) {
            throw ServiceException.invalidCredentials();
        }
        throttle.reset(throttleKey);
        if (upgradedHash != null) {
            user.changePasswordHash(upgradedHash);
            cache.userChangedInThisTransaction(user.id());
        }
        Instant now = Timestamps.now();
        Session session = new Session(UUID.randomUUID(), user, now, now.plus(refreshLifetime()),
                client.ipAddress(), client.userAgent());
        String refreshToken = refreshTokens.issue(session.id());
        session.rotate(RefreshTokens.hash(refreshToken), now, session.expiresAt());
        em.persist(session);
        activity.record(user.id(), "auth.login", client,
                Map.of("session_id", session.id().toString(), "hash_upgraded", upgradedHash != null));
        return pair(user, session, refreshToken, now);
    }

    /**
     * Exchanges a refresh token for a new pair.
     *
     * @throws ServiceException 401 {@code Invalid token} for anything but the session's current
     *         token of a live session of an active user; a genuine superseded token also revokes
     *         the session and records {@code auth.refresh_reuse_detected}
     */
    public TokenPair refresh(String presentedToken, ClientInfo client) {
        UUID sessionId;
        try {
            sessionId = refreshTokens.sessionOf(presentedToken);
        } catch (TokenException e) {
            throw ServiceException.invalidRefreshToken();
        }
        Session session = em.find(Session.class, sessionId, LockModeType.PESSIMISTIC_WRITE);
        Instant now = Timestamps.now();
        if (session == null || !session.isLive(now) || !session.user().canAuthenticate()) {
            throw ServiceException.invalidRefreshToken();
        }
        if (!RefreshTokens.sameHash(RefreshTokens.hash(presentedToken), session.refreshTokenHash())) {
            revoke(session, REUSE, now);
            activity.record(session.user().id(), "auth.refresh_reuse_detected", client,
                    Map.of("session_id", session.id().toString()));
            telemetry.refreshReuse();
            throw ServiceException.invalidRefreshToken();
        }
        String refreshToken = refreshTokens.issue(session.id());
        session.rotate(RefreshTokens.hash(refreshToken), now, now.plus(refreshLifetime()));
        activity.record(session.user().id(), "auth.refresh", client, Map.of("session_id", session.id().toString()));
        telemetry.refresh();
        return pair(session.user(), session, refreshToken, now);
    }

    /** Revokes one session of {@code userId} (a no-op if already revoked) and records {@code action}. */
    public void logout(UUID userId, UUID sessionId, ClientInfo client) {
        Session session = em.find(Session.class, sessionId, LockModeType.PESSIMISTIC_WRITE);
        if (session != null && session.user().id().equals(userId)) {
            revoke(session, LOGOUT, Timestamps.now());
        }
        activity.record(userId, "auth.logout", client, Map.of("session_id", sessionId.toString()));
    }

    /**
     * Revokes every live session of {@code userId} except {@code keep} (may be null).
     *
     * @return how many sessions were revoked
     */
    public int revokeAll(UUID userId, UUID keep, String reason) {
        Instant now = Timestamps.now();
        List<Session> live = em.createNamedQuery(Session.LIVE_OF_USER, Session.class)
                .setParameter("userId", userId)
                .setParameter("now", now)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        int count = 0;
        for (Session session : live) {
            if (!session.id().equals(keep)) {
                revoke(session, reason, now);
                count++;
            }
        }
        return count;
    }

    /** Revokes all of the caller's sessions and records {@code auth.logout_all}. */
    public void logoutAll(UUID userId, ClientInfo client) {
        int count = revokeAll(userId, null, LOGOUT_ALL);
        activity.record(userId, "auth.logout_all", client, Map.of("sessions_revoked", count));
    }

    /**
     * Liveness of a session for the bearer check: revoked, expired, unknown, or owned by an
     * inactive or deleted user all read as not usable.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public SessionState stateOf(UUID sessionId) {
        List<Object[]> rows = em.createQuery("select u.id, u.role, s.revokedAt, s.expiresAt, u.active, u.deletedAt "
                        + "from Session s join s.user u where s.id = :id", Object[].class)
                .setParameter("id", sessionId)
                .getResultList();
        if (rows.isEmpty()) {
            return SessionState.revoked(new UUID(0, 0));
        }
        Object[] row = rows.get(0);
        boolean usable = row[2] == null && Boolean.TRUE.equals(row[4]) && row[5] == null;
        return new SessionState((UUID) row[0], (dev.gatehouse.model.Role) row[1], usable, (Instant) row[3]);
    }

    /** One page of the live sessions of {@code userId}, newest first; {@code current} marks the caller's. */
    private Page<SessionView> livePage(UUID userId, UUID callerSession, int limit, Cursor after) {
        String jpql = "select s from Session s where s.user.id = :userId and s.revokedAt is null and s.expiresAt > :now"
                + (after == null ? "" : " and (s.createdAt, s.id) < (:afterCreated, :afterId)")
                + " order by s.createdAt desc, s.id desc";
        TypedQuery<Session> query = em.createQuery(jpql, Session.class)
                .setParameter("userId", userId)
                .setParameter("now", Timestamps.now())
                .setMaxResults(limit + 1);
        if (after != null) {
            query.setParameter("afterCreated", after.createdAt()).setParameter("afterId", after.id());
        }
        List<Session> rows = query.getResultList();
        return Page.of(rows, limit, Session::createdAt, Session::id, s -> SessionView.of(s, callerSession));
    }

    /** The caller's own live sessions. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Page<SessionView> mine(Caller caller, int limit, Cursor after) {
        return livePage(caller.userId(), caller.sessionId(), limit, after);
    }

    /**
     * An admin's view of another user's live sessions.
     *
     * @throws ServiceException 403 for non-admins, 404 for an unknown user
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Page<SessionView> of(Caller caller, UUID userId, int limit, Cursor after) {
        if (!AccessPolicy.mayListSessionsOf(caller.role())) {
            throw ServiceException.forbidden();
        }
        if (em.find(User.class, userId) == null) {
            throw ServiceException.notFound("User not found");
        }
        return livePage(userId, caller.sessionId(), limit, after);
    }

    /**
     * Revokes a session as logout would and records {@code session.revoked}.
     *
     * @throws ServiceException 404 when it does not exist, is not live, or belongs to someone
     *         else and the caller is not an admin
     */
    public void revokeById(Caller caller, UUID sessionId, ClientInfo client) {
        Session session = em.find(Session.class, sessionId, LockModeType.PESSIMISTIC_WRITE);
        Instant now = Timestamps.now();
        if (session == null || !session.isLive(now)
                || !AccessPolicy.mayRevokeSession(caller.role(), caller.userId(), session.user().id())) {
            throw ServiceException.notFound("Session not found");
        }
        revoke(session, REVOKED, now);
        activity.record(caller.userId(), "session.revoked", client,
                Map.of("session_id", session.id().toString(), "target_user_id", session.user().id().toString()));
    }

    private void revoke(Session session, String reason, Instant now) {
        session.revoke(reason, now);
        cache.revokedInThisTransaction(session.id(), session.user().id());
    }

    private TokenPair pair(User user, Session session, String refreshToken, Instant now) {
        String access = accessTokens.issue(user.id(), user.email(), user.role(), session.id(), now);
        return new TokenPair(access, refreshToken, "bearer", accessTokens.lifetime().toSeconds(),
                refreshLifetime().toSeconds(),
                new TokenPair.UserSummary(user.id().toString(), user.email(), user.role().wireName()));
    }
}
