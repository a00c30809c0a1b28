package dev.gatehouse.platform.problem;

import dev.gatehouse.platform.json.JsonNames;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Comparator;
import java.util.List;

/**
 * Bean Validation failures on request records (checked by the JSON body reader): 400 with one {@code errors[]}
 * entry per violation, {@code field} being the JSON name as the client sent it.
 */
@Provider
public class ConstraintViolationMapper implements ExceptionMapper<ConstraintViolationException> {

    /** 400 {@code Request validation failed} with the sorted field errors. */
    @Override
    public Response toResponse(ConstraintViolationException e) {
        return Problem.response(failureOf(e));
    }

    /** The failure a violation stands for; also used where a violation arrives wrapped. */
    static Failure failureOf(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
        return Failure.badRequest(Failure.VALIDATION_FAILED, errors);
    }

    private static String fieldOf(ConstraintViolation<?> violation) {
        String last = "body";
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PROPERTY) {
                last = node.getName();
            }
        }
        return JsonNames.snakeCase(last);
    }
}
