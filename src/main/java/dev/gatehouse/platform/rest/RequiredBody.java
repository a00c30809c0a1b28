package dev.gatehouse.platform.rest;

import dev.gatehouse.platform.problem.Failure;
import dev.gatehouse.platform.problem.Problem;
import jakarta.annotation.Priority;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.MatrixParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.Set;

/**
 * An operation that takes a request record refuses a request without a body as {@code Malformed
 * JSON}, as {@link JsonBodyReader} refuses an empty one. Without this, a runtime that sees no
 * entity (Jersey, when no {@code Content-Type} comes with it) hands the method {@code null} instead
 * of calling the reader. Bound at deployment to those operations only; runs after the caller has
 * been admitted (the route guard goes first, before matching), like the reader itself.
 */
@Provider
public class RequiredBody implements DynamicFeature {

    private static final Set<Class<? extends Annotation>> NOT_THE_BODY = Set.of(PathParam.class, QueryParam.class,
            HeaderParam.class, CookieParam.class, MatrixParam.class, FormParam.class, BeanParam.class, Context.class);

    /** Binds the check to every resource method with a request-record parameter. */
    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        if (takesRecord(resource.getResourceMethod().getParameters())) {
            context.register(Check.class);
        }
    }

    /** True when one of {@code parameters} is the entity and a record. */
    static boolean takesRecord(Parameter... parameters) {
        return Arrays.stream(parameters).anyMatch(p -> p.getType().isRecord()
                && Arrays.stream(p.getAnnotations()).noneMatch(a -> NOT_THE_BODY.contains(a.annotationType())));
    }

    /** The check itself: no entity, no call. */
    @Priority(Priorities.ENTITY_CODER)
    public static class Check implements ContainerRequestFilter {

        /** Aborts with {@code 400 Malformed JSON} when the request has no entity. */
        @Override
        public void filter(ContainerRequestContext request) {
            if (!request.hasEntity()) {
                request.abortWith(Problem.response(Failure.malformedJson()));
            }
        }
    }
}
