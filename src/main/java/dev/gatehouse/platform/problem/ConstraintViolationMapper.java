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
 * Bean Validation failures on request records and parameters: 400 with one {@code errors[]}
 * entry per violation, {@code field} being the JSON name as the client sent it.
 */
@Provider
public class ConstraintViolationMapper implements ExceptionMapper<ConstraintViolationException> {

    /** 400 {@code Request validation failed} with the sorted field errors. */
    @Override
    public Response toResponse(ConstraintViolationException e) {
        return Problem.response(failureOf(e));
    }

    /**
     * The failure a violation stands for; also used where a violation arrives wrapped. No body at
     * all where an operation takes one (the runtime hands the method {@code null} for an empty
     * entity) is {@code Malformed JSON}, as an empty body is: no field was sent to name.
     */
    static Failure failureOf(ConstraintViolationException e) {
        if (e.getConstraintViolations().stream().anyMatch(ConstraintViolationMapper::missingBody)) {
            return Failure.malformedJson();
        }
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
        return Failure.badRequest(Failure.VALIDATION_FAILED, errors);
    }

    /** A null method parameter of a record type: the request body, absent. */
    private static boolean missingBody(ConstraintViolation<?> violation) {
        if (violation.getInvalidValue() != null) {
            return false;
        }
        Path.MethodNode method = null;
        Path.ParameterNode parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD) {
                method = node.as(Path.MethodNode.class);
            } else if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.as(Path.ParameterNode.class);
            } else {
                return false;
            }
        }
        return method != null && parameter != null && parameter.getParameterIndex() < method.getParameterTypes().size()
                && method.getParameterTypes().get(parameter.getParameterIndex()).isRecord();
    }

    private static String fieldOf(ConstraintViolation<?> violation) {
        String last = "body";
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.PARAMETER) {
                last = node.getName();
            }
        }
        return JsonNames.snakeCase(last);
    }
}
