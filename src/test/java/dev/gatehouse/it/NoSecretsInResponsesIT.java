package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** No authentication response, success or error, carries a password, a password hash or a token it refused. */
class NoSecretsInResponsesIT extends ApiTestBase {

    private static String storedHash(String email) {
        return (String) TestDatabase.scalar("SELECT password_hash FROM users WHERE email = ?", email);
    }

    private static void assertNoneContains(List<Api.Reply> replies, String... secrets) {
        replies.forEach(reply -> Problems.assertMentionsNone(reply, secrets));
    }

    @Test
    void noAuthResponseContainsAPasswordOrAPasswordHash() {
        String email = Api.uniqueEmail("no-secrets");
        String password = "pw-" + UUID.randomUUID();
        String newPassword = "new-" + UUID.randomUUID();
        String tooShort = "s" + UUID.randomUUID().toString().substring(0, 6);
        String tooLong = "€".repeat(25);
        List<Api.Reply> replies = new ArrayList<>();
        replies.add(Api.register(email, password));
        replies.add(Api.register(email, password));
        replies.add(Api.register("not-an-email", password));
        replies.add(Api.register(Api.uniqueEmail("no-secrets-short"), tooShort));
        replies.add(Api.register(Api.uniqueEmail("no-secrets-long"), tooLong));
        replies.add(Api.login(email, "wrong-" + password));
        Api.Reply login = Api.login(email, password);
        replies.add(login);
        String access = login.json().getString("access_token");
        replies.add(Accounts.me(access));
        replies.add(Accounts.refresh(login.json().getString("refresh_token")));
        replies.add(Accounts.changePassword(access, "wrong-" + password, newPassword));
        replies.add(Accounts.changePassword(access, password, tooShort));
        replies.add(Accounts.changePassword(access, password, tooLong));
        String oldHash = storedHash(email);
        replies.add(Accounts.changePassword(access, password, newPassword));
        replies.add(Accounts.me(access));
        assertEquals(204, replies.get(replies.size() - 2).status());

        assertNoneContains(replies, password, newPassword, tooShort, tooLong, oldHash, storedHash(email),
                "password_hash", "$2a$");
    }

    @Test
    void aRefusedTokenIsNotEchoedBack() {
        Api.Account account = Api.newAccount("no-echo");
        Accounts.refresh(account.refreshToken());
        String forged = TokenForge.basedOn(account.accessToken()).claim("iss", "evil").sign();

        List<Api.Reply> replies = List.of(
                Accounts.refresh(account.refreshToken()),
                Accounts.me(forged),
                Accounts.me(account.accessToken()));

        assertNoneContains(replies, account.refreshToken(), forged, account.accessToken());
    }
}
