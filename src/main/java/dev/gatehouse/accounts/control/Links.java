package dev.gatehouse.accounts.control;

import java.time.Duration;

/** The link a mail carries and the way its lifetime is worded; no state, no secrets kept. */
final class Links {

    private Links() {
    }

    /** {@code template} with its {@code {token}} replaced: the token is base64url, safe in any URL part. */
    static String of(String template, String token) {
        return template.replace("{token}", token);
    }

    /** {@code 30 minutes}, {@code 1 hour}, {@code 48 hours}: how a mail states a lifetime. */
    static String human(Duration lifetime) {
        long minutes = lifetime.toMinutes();
        if (minutes % 60 != 0) {
            return minutes + (minutes == 1 ? " minute" : " minutes");
        }
        long hours = minutes / 60;
        return hours + (hours == 1 ? " hour" : " hours");
    }
}
