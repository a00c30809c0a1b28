package dev.gatehouse.it;

/** The {@code /api/auth} calls the authentication tests make, one line each, returning the raw reply. */
final class AuthEndpoints {

    private AuthEndpoints() {
    }

    /** {@code POST /api/auth/refresh} with {@code {"refresh_token": token}}. */
    static Api.Reply refresh(String refreshToken) {
        return Api.postJson("/api/auth/refresh", Api.json("refresh_token", refreshToken));
    }

    /** {@code GET /api/auth/me} as the holder of {@code accessToken}. */
    static Api.Reply me(String accessToken) {
        return Api.getAs(accessToken, "/api/auth/me");
    }

    /** {@code POST /api/auth/logout} as the holder of {@code accessToken}. */
    static Api.Reply logout(String accessToken) {
        return Api.jsonAs(accessToken, "POST", "/api/auth/logout", null);
    }

    /** {@code POST /api/auth/logout-all} as the holder of {@code accessToken}. */
    static Api.Reply logoutAll(String accessToken) {
        return Api.jsonAs(accessToken, "POST", "/api/auth/logout-all", null);
    }

    /** {@code PUT /api/auth/password} as the holder of {@code accessToken}. */
    static Api.Reply changePassword(String accessToken, String currentPassword, String newPassword) {
        return Api.jsonAs(accessToken, "PUT", "/api/auth/password",
                Api.json("current_password", currentPassword, "new_password", newPassword));
    }

    /** A second login of an existing account: a new session with its own token pair. */
    static Api.Account loginAgain(Api.Account account) {
        Api.Reply login = Api.login(account.email(), account.password());
        if (login.status() != 200) {
            throw new AssertionError("login failed: " + login.status() + " " + login.body());
        }
        return new Api.Account(account.email(), account.password(), login.json());
    }
}
