package dev.gatehouse.platform.rest;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.lang.annotation.ElementType;
import java.util.Set;

/**
 * Bean Validation of a request record, done once, by {@link JsonBodyReader}: a violation is a
 * {@link ConstraintViolationException}, answered {@code 400 Request validation failed} by
 * {@link dev.gatehouse.platform.problem.ConstraintViolationMapper}. The validator treats every
 * property as reachable: a record holds no lazy JPA state, and the container's default resolver asked
 * JPA about each property of each request (2% of a refresh).
 */
@ApplicationScoped
public class RecordValidation {

    private static final TraversableResolver RECORDS_ONLY = new TraversableResolver() {
        @Override
        public boolean isReachable(Object bean, Path.Node property, Class<?> root, Path path, ElementType type) {
            return true;
        }

        @Override
        public boolean isCascadable(Object bean, Path.Node property, Class<?> root, Path path, ElementType type) {
            return true;
        }
    };

    @Inject
    ValidatorFactory factory;

    private Validator validator;

    @PostConstruct
    void init() {
        validator = factory.usingContext().traversableResolver(RECORDS_ONLY).getValidator();
    }

    /** {@code request} itself when it meets its constraints; else throws the violations. */
    public <T extends Record> T validated(T request) {
        Set<ConstraintViolation<T>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return request;
    }
}
