package dev.gatehouse.sessions.control;

import dev.gatehouse.access.AccessPolicy;
import dev.gatehouse.access.Caller;
import dev.gatehouse.accounts.control.Account;
import dev.gatehouse.accounts.control.LoginThrottle;
import dev.gatehouse.accounts.control.AccountSessions;
import dev.gatehouse.accounts.control.SessionEndReason;
import dev.gatehouse.accounts.entity.User;
import dev.gatehouse.activity.control.ActivityLog;
import dev.gatehouse.activity.entity.Action;
import dev.gatehouse.platform.database.Cursor;
import dev.gatehouse.platform.database.Keyset;
import dev.gatehouse.platform.database.Slice;
import dev.gatehouse.platform.database.Timestamps;
import dev.gatehouse.platform.problem.Failure;
import dev.gatehouse.platform.web.ClientInfo;
import dev.gatehouse.sessions.entity.Session;
import jakarta.ejb.EJB;
import jakarta.ejb.Local;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Opens, rotates, lists and revokes sessions; the only writer of the sessions table, and the
 * implementation of the accounts component's {@link AccountSessions}. Every
 * revocation makes every node forget the owner's cached states ({@link SessionStates}), so the
 * session's access tokens stop working on every node at once.
 */
@Stateless
@LocalBean
@Local(AccountSessions.class)
public class SessionService implements AccountSessions {

    @PersistenceContext
    EntityManager em;

    @Inject
    TokenIssuer issuer;

    @Inject
    RefreshTokens refreshTokens;

    @Inject
    SessionStates states;

    @EJB
    ActivityLog activity;

    @EJB
    LoginThrottle throttle;

    /**
     * The success of a login, in one transaction: the account is still allowed in (it may have
     * been deactivated during the password check), the email's failures are forgotten, a session
     * opens and {@code auth.login} is recorded.
     *
     * @param email the email as the client typed it, whose throttle is reset
     * @param amr how the login was authenticated (RFC 8176): {@link TokenIssuer#PASSWORD}, or
     *        {@link TokenIssuer#PASSWORD_AND_OTP} after a second factor; kept by the session
     * @throws Failure 401 {@code Invalid credentials} if the account may no longer authenticate
     */
    public IssuedTokens open(Account account, String email, boolean hashUpgraded, ClientInfo client, List<String> amr) {
        User user = em.find(User.class, account.id(), LockModeType.PESSIMISTIC_WRITE);
        if (user == null || !user.canAuthenticate()) {
            throw Failure.invalidCredentials();
        }
        throttle.reset(email);
        Instant now = Timestamps.now();
        UUID id = UUID.randomUUID();
        String refreshToken = refreshTokens.issue(id);
        Session session = new Session(id, user, RefreshTokens.hash(refreshToken), now, now.plus(issuer.refreshLifetime()),
                client.ipAddress(), client.userAgent(), amr);
        em.persist(session);
        activity.record(user.id(), Action.LOGIN, client,
                Map.of("session_id", id.toString(), "hash_upgraded", hashUpgraded, "amr", String.join(" ", amr)));
        return issuer.issue(Account.of(user), id, refreshToken, now, amr);
    }

    /**
     * Presents a refresh token to its session under a row lock and lets the session decide
     * ({@link Session#rotate}): rotated and {@code auth.refresh} recorded; or reuse, revoked and
     * {@code auth.refresh_reuse_detected} recorded; or refused. The outcome is returned, not
     * thrown, so a revocation commits with this transaction.
     */
    public Rotation rotateLocked(UUID sessionId, String presentedHash, String newHash, Instant now, Instant newExpiry,
                                 ClientInfo client) {
        Session session = em.find(Session.class, sessionId, LockModeType.PESSIMISTIC_WRITE);
        if (session == null) {
            return Rotation.refused(false);
        }
        Map<String, Object> details = Map.of("session_id", sessionId.toString());
        return switch (session.rotate(presentedHash, newHash, now, newExpiry)) {
            case CURRENT -> {
                activity.record(session.user().id(), Action.REFRESH, client, details);
                yield Rotation.rotated(Account.of(session.user()), session.amr());
            }
            case SUPERSEDED -> {
                forgetCachedStates(session);
                activity.record(session.user().id(), Action.REFRESH_REUSE_DETECTED, client, details);
                yield Rotation.refused(true);
            }
            case DEAD -> Rotation.refused(false);
        };
    }

    /** Revokes the caller's session (a no-op if already revoked) and records {@code auth.logout}. */
    public void logout(Caller caller, ClientInfo client) {
        Session session = em.find(Session.class, caller.sessionId(), LockModeType.PESSIMISTIC_WRITE);
        if (session != null && session.user().id().equals(caller.userId())) {
            revoke(session, Session.LOGOUT, Timestamps.now());
        }
        activity.record(caller.userId(), Action.LOGOUT, client, Map.of("session_id", caller.sessionId().toString()));
    }

    /** Revokes every session of the caller and records {@code auth.logout_all}. */
    public void logoutAll(Caller caller, ClientInfo client) {
        int count = revokeAll(caller.userId(), null, Session.LOGOUT_ALL);
        activity.record(caller.userId(), Action.LOGOUT_ALL, client, Map.of("sessions_revoked", count));
    }

    /**
     * Revokes every live session of {@code userId} except {@code keep} (may be null), in the
     * caller's transaction.
     *
     * @return how many sessions were revoked
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public int revokeAll(UUID userId, UUID keep, String reason) {
        Instant now = Timestamps.now();
        List<Session> live = em.createNamedQuery(Session.LIVE_OF_USER, Session.class)
                .setParameter("userId", userId)
                .setParameter("now", now)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        int count = 0;
        for (Session session : live) {
            if (!session.id().equals(keep) && revoke(session, reason, now)) {
                count++;
            }
        }
        return count;
    }

    /** An account change that ends its sessions ({@link AccountSessions}), in the transaction of the change. */
    @Override
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public int endAll(UUID userId, SessionEndReason reason, UUID keep) {
        return revokeAll(userId, keep, reason.wireName());
    }

    /** One page of the caller's own live sessions, newest first; {@code current} marks the caller's. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Slice<SessionInfo> mine(Caller caller, int limit, Cursor after) {
        return livePage(caller.userId(), caller.sessionId(), limit, after);
    }

    /**
     * An admin's view of another user's live sessions.
     *
     * @throws Failure 403 for non-admins, 404 for an unknown user
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Slice<SessionInfo> of(Caller caller, UUID userId, int limit, Cursor after) {
        if (!AccessPolicy.mayListSessionsOf(caller.role())) {
            throw Failure.forbidden();
        }
        if (em.find(User.class, userId) == null) {
            throw Failure.notFound("User not found");
        }
        return livePage(userId, caller.sessionId(), limit, after);
    }

    private Slice<SessionInfo> livePage(UUID userId, UUID callerSession, int limit, Cursor after) {
        return Keyset.over(em, Session.class, "s")
                .where("s.user.id = :userId", "userId", userId)
                .where("s.revokedAt is null")
                .where("s.expiresAt > :now", "now", Timestamps.now())
                .page(limit, after, Session::createdAt, Session::id)
                .map(s -> SessionInfo.of(s, callerSession));
    }

    /**
     * Revokes a session as logout would and records {@code session.revoked}.
     *
     * @throws Failure 404 when it does not exist, is not live, or belongs to someone else and the
     *         caller is not an admin
     */
    public void revokeById(Caller caller, UUID sessionId, ClientInfo client) {
        Session session = em.find(Session.class, sessionId, LockModeType.PESSIMISTIC_WRITE);
        Instant now = Timestamps.now();
        if (session == null || !session.isLive(now)
                || !AccessPolicy.mayRevokeSession(caller.role(), caller.userId(), session.user().id())) {
            throw Failure.notFound("Session not found");
        }
        revoke(session, Session.REVOKED, now);
        activity.record(caller.userId(), Action.SESSION_REVOKED, client,
                Map.of("session_id", session.id().toString(), "target_user_id", session.user().id().toString()));
    }

    private boolean revoke(Session session, String reason, Instant now) {
        boolean revoked = session.revoke(reason, now);
        forgetCachedStates(session);
        return revoked;
    }

    private void forgetCachedStates(Session session) {
        states.userChangedInThisTransaction(session.user().id());
    }
}
