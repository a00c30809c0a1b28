package dev.gatehouse.api;

import dev.gatehouse.service.ServiceException.FieldError;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Bean Validation failures on request records and parameters: 400 with one {@code errors[]}
 * entry per violation, {@code field} being the JSON name as the client sent it.
 */
@Provider
public class ConstraintViolationMapper implements ExceptionMapper<ConstraintViolationException> {

    /** 400 "Request validation failed" with the sorted field errors. */
    @Override
    public Response toResponse(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
        return new Problem(400, "Bad Request", "Request validation failed", errors).toResponse(Map.of());
    }

    private static String fieldOf(ConstraintViolation<?> violation) {
        String last = "body";
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == jakarta.validation.ElementKind.PROPERTY
                    || node.getKind() == jakarta.validation.ElementKind.PARAMETER) {
                last = node.getName();
            }
        }
        return JsonBodyReader.snakeCase(last);
    }
}
