package dev.gatehouse.mail.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every kind of mail renders a subject, a text and an HTML body with the product name and the link. */
class TemplatesTest {

    private static final String LINK = "https://app.example.com/reset?token=abc-DEF_123&lang=en";
    private static final Map<String, String> VALUES = Map.of("email", "ann@example.com", "link", LINK, "expires", "30 minutes");

    @ParameterizedTest
    @EnumSource(MailKind.class)
    void everyKindNamesTheProductAndCarriesTheLinkInBothBodies(MailKind kind) {
        Letter letter = new Templates("Acme Login").render(kind, VALUES);

        assertTrue(letter.subject().contains("Acme Login"), letter.subject());
        assertFalse(letter.subject().contains("{{"), letter.subject());
        assertTrue(letter.text().contains(LINK), "the text body holds the link as is");
        assertTrue(letter.text().contains("ann@example.com"));
        assertTrue(letter.text().contains("Acme Login"));
        assertTrue(letter.html().contains("href=\"https://app.example.com/reset?token=abc-DEF_123&amp;lang=en\""),
                "the HTML body links with the URL escaped as an attribute");
        assertTrue(letter.html().startsWith("<!DOCTYPE html>"));
        assertFalse(letter.text().contains("{{") || letter.html().contains("{{"), "no placeholder left");
    }

    @Test
    void theResetMailStatesHowLongTheLinkWorks() {
        Letter letter = new Templates("Gatehouse").render(MailKind.PASSWORD_RESET, VALUES);

        assertEquals("Reset your Gatehouse password", letter.subject());
        assertTrue(letter.text().contains("expires in 30 minutes"));
        assertTrue(letter.html().contains("expires in 30 minutes"));
    }

    @Test
    void valuesCannotInjectMarkupIntoTheHtmlBody() {
        Letter letter = new Templates("<script>alert(1)</script>").render(MailKind.EMAIL_VERIFICATION, VALUES);

        assertFalse(letter.html().contains("<script>"));
        assertTrue(letter.html().contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(letter.text().contains("<script>"), "plain text is not HTML: shown as typed");
    }

    @Test
    void theSubjectStaysOneHeaderLine() {
        Letter letter = new Templates("Acme\r\nBcc: victim@example.com").render(MailKind.PASSWORD_RESET, VALUES);

        assertEquals("Reset your Acme Bcc: victim@example.com password", letter.subject());
    }

    @Test
    void aMissingValueIsAnErrorNotAMailWithAHole() {
        Templates templates = new Templates("Gatehouse");

        assertThrows(IllegalArgumentException.class, () -> templates.render(MailKind.PASSWORD_RESET, Map.of("email", "a@b.c")));
    }

    @Test
    void aLetterSurvivesItsSealedForm() {
        Letter letter = new Templates("Gatehouse").render(MailKind.PASSWORD_RESET, VALUES);

        assertEquals(letter, Letter.fromJson(letter.toJson()));
        assertThrows(IllegalArgumentException.class, () -> Letter.fromJson("{\"subject\": 1}"));
        assertThrows(IllegalArgumentException.class, () -> Letter.fromJson("not json"));
    }

    @Test
    void htmlEscapingCoversTheFiveSpecialCharacters() {
        assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&#39;", Templates.escapeHtml("<a href=\"x\">&'"));
    }
}
