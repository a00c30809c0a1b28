package dev.gatehouse.platform.problem;

/**
 * One invalid field or parameter of a request, as listed in a problem's {@code errors[]}.
 *
 * @param field the JSON field or parameter name exactly as the client sent it
 * @param message why it was refused, for a human
 */
public record FieldError(@jakarta.validation.constraints.NotNull String field, @jakarta.validation.constraints.NotNull String message) {
}
