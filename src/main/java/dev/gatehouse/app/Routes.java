package dev.gatehouse.app;

import dev.gatehouse.access.AllowedBeforeSecondFactor;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every operation the resources serve, read once from the same annotations the container obeys:
 * verb, absolute path template, the role {@code @RolesAllowed} requires, and whether a caller who
 * owes a second factor may use it ({@link AllowedBeforeSecondFactor}). The OpenAPI filter
 * describes them; {@link RouteGuard} refuses a caller before the container looks at the body.
 */
final class Routes {

    private static final Pattern PARAMETER = Pattern.compile("\\{[^/}]+}");

    private static final List<Route> ALL = scan();

    /**
     * One operation.
     *
     * @param verb the HTTP method, upper case
     * @param template the absolute path, e.g. {@code /api/users/{id}}
     * @param role the lowest role allowed, empty for a public operation
     * @param returnsEntity true when the method returns its 200 body directly (no {@code Response})
     * @param pattern the template as a regular expression over a request path
     * @param beforeSecondFactor true when a caller who owes a second factor may call it
     */
    record Route(String verb, String template, Optional<String> role, boolean returnsEntity, Pattern pattern,
                 boolean beforeSecondFactor) {
    }

    private Routes() {
    }

    /** All operations. */
    static List<Route> all() {
        return ALL;
    }

    /** The operation {@code verb} (HEAD counts as GET) on {@code path} (without {@code ;params} or a trailing slash). */
    static Optional<Route> find(String verb, String path) {
        String method = "HEAD".equals(verb) ? "GET" : verb;
        for (Route route : ALL) {
            if (route.verb().equals(method) && route.pattern().matcher(path).matches()) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    private static List<Route> scan() {
        String base = "/" + GatehouseApplication.class.getAnnotation(ApplicationPath.class).value();
        List<Route> routes = new ArrayList<>();
        for (Class<?> resource : OpenApiContract.RESOURCES) {
            String root = base + "/" + resource.getAnnotation(Path.class).value();
            for (Method method : resource.getDeclaredMethods()) {
                httpMethod(method).ifPresent(verb -> {
                    Path sub = method.getAnnotation(Path.class);
                    String template = (root + (sub == null ? "" : "/" + sub.value())).replaceAll("/+", "/");
                    RolesAllowed allowed = Optional.ofNullable(method.getAnnotation(RolesAllowed.class))
                            .orElse(resource.getAnnotation(RolesAllowed.class));
                    Optional<String> role = Optional.ofNullable(allowed).map(a -> String.join(" or ", a.value()));
                    routes.add(new Route(verb, template, role, method.getReturnType() != Response.class, regex(template),
                            method.isAnnotationPresent(AllowedBeforeSecondFactor.class)));
                });
            }
        }
        return List.copyOf(routes);
    }

    private static Pattern regex(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher parameter = PARAMETER.matcher(template);
        int at = 0;
        while (parameter.find()) {
            regex.append(Pattern.quote(template.substring(at, parameter.start()))).append("[^/]+");
            at = parameter.end();
        }
        regex.append(Pattern.quote(template.substring(at)));
        return Pattern.compile(regex.toString());
    }

    private static Optional<String> httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return Optional.of(verb.value().toUpperCase(Locale.ROOT));
            }
        }
        return Optional.empty();
    }
}
