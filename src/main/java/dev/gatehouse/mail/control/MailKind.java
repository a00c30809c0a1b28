package dev.gatehouse.mail.control;

/**
 * The mails Gatehouse sends, each with a plain-text and an HTML template under {@code /mail/} in
 * the WAR's resources ({@code <name>.txt}, whose first line is the subject, and {@code <name>.html}).
 */
public enum MailKind {
    /** A link that sets a new password. */
    PASSWORD_RESET("password-reset"),
    /** A link that proves the account's address. */
    EMAIL_VERIFICATION("email-verification");

    private final String template;

    MailKind(String template) {
        this.template = template;
    }

    /** The templates' base name, also stored as the outbox row's {@code kind}. */
    public String template() {
        return template;
    }
}
