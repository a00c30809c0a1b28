package dev.gatehouse.platform.problem;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The wire form of every error: an RFC 9457 problem document, sent as {@code
 * application/problem+json}.
 *
 * @param type always {@code about:blank}: the status says what kind of problem it is
 * @param status the HTTP status
 * @param title the status's standard reason phrase
 * @param detail the contract's fixed string where it names one, else a sentence for a human
 * @param errors the field errors of a 400 validation failure; absent otherwise
 */
@Schema(name = "Problem", description = "RFC 9457 problem details, sent as application/problem+json.")
public record ProblemDocument(
        @NotNull @Schema(defaultValue = "about:blank") String type,
        @NotNull @Min(400) @Max(599) int status,
        @NotNull String title,
        @NotNull @Schema(description = "Fixed values: 'Invalid credentials' (401), 'Token has expired' (401), "
                + "'Invalid token' (401), 'Not authenticated' (401), 'Forbidden' (403), 'Too many requests' (429), "
                + "'Internal server error' (500); other details are human-readable text.") String detail,
        @JsonbNillable(false) @Schema(description = "Field errors of a 400 validation failure.") List<FieldError> errors) {

    /** The document of {@code failure}. */
    public static ProblemDocument of(Failure failure) {
        return new ProblemDocument("about:blank", failure.status(), failure.title(), failure.detail(),
                failure.errors().isEmpty() ? null : failure.errors());
    }
}
