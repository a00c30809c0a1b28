package dev.gatehouse.mfa.control;

import java.util.UUID;

/**
 * What an {@code mfa_token} and a code came to in the second step of a login. Returned, not thrown,
 * so that the spent or counted token commits with its transaction whatever the caller answers.
 *
 * @param outcome accepted, wrong code, or a token that cannot be used
 * @param userId whose login it is (null for an unusable token)
 * @param method {@code totp} or {@code recovery_code} when accepted, else null
 * @param tokenDied true when this wrong code was the token's last
 */
public record Redemption(Outcome outcome, UUID userId, String method, boolean tokenDied) {

    /** The three ways a second step ends. */
    public enum Outcome {
        /** The code was right: the token is spent, the login may complete. */
        ACCEPTED,
        /** The code was wrong, replayed or malformed: counted on the token. */
        WRONG_CODE,
        /** Unknown, used, expired or dead token: nothing was tried. */
        INVALID_TOKEN
    }

    static Redemption accepted(UUID userId, String method) {
        return new Redemption(Outcome.ACCEPTED, userId, method, false);
    }

    static Redemption wrongCode(UUID userId, boolean died) {
        return new Redemption(Outcome.WRONG_CODE, userId, null, died);
    }

    static Redemption invalidToken() {
        return new Redemption(Outcome.INVALID_TOKEN, null, null, false);
    }
}
