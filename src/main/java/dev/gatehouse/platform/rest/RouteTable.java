package dev.gatehouse.platform.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operations of the JAX-RS application, read once from the resource classes it declares and
 * from the annotations the container obeys, and matched the way JAX-RS matches a request (Jakarta
 * REST 3.1, section 3.7.2: the root resource with the most literal characters, then the most
 * template variables, wins before any of its methods is considered). Code outside JAX-RS that
 * must know which operation a request will reach (the edge's credential budget, the bearer
 * mechanism, the guard that answers 401/403 before the body) asks this table instead of keeping
 * its own list, so a new endpoint touches its resource only.
 */
public final class RouteTable {

    private static final Pattern VARIABLE = Pattern.compile("\\{\\s*(\\w[\\w.-]*)\\s*(?::\\s*((?:[^{}]|\\{[^{}]*})*))?}");
    private static final Pattern PATH_PARAMETERS = Pattern.compile(";[^/]*");
    private static final Comparator<Template> PRECEDENCE = Comparator.comparingInt(Template::literals)
            .thenComparingInt(Template::variables).thenComparingInt(Template::explicit).reversed();

    private final String base;
    private final List<Resource> resources;
    private final Map<Method, Route> byMethod = new HashMap<>();
    private final Map<String, List<Route>> literalPaths = new HashMap<>();

    /**
     * One operation.
     *
     * @param verb the HTTP method, upper case
     * @param template the absolute path template, e.g. {@code /api/users/{id}}
     * @param method the resource method that serves it
     * @param rolesAllowed the roles of its {@code @RolesAllowed} (the method's, else its class's); empty for a public operation
     */
    public record Route(String verb, String template, Method method, Set<String> rolesAllowed) {

        /** The value of the template variable {@code name} in {@code path} (as {@link #pathOf} gives it), if it has one. */
        public Optional<String> parameter(String name, String path) {
            Matcher values = Template.of(template, false).pattern().matcher(path);
            Matcher names = VARIABLE.matcher(template);
            for (int group = 1; values.matches() && names.find(); group++) {
                if (names.group(1).equals(name)) {
                    return Optional.of(values.group(group));
                }
            }
            return Optional.empty();
        }

        /** True when a caller needs a role (one of {@link #rolesAllowed()}) to call it. */
        public boolean isProtected() {
            return !rolesAllowed.isEmpty();
        }

        /** True when the resource method carries {@code marker}. */
        public boolean has(Class<? extends Annotation> marker) {
            return method.isAnnotationPresent(marker);
        }
    }

    private record Template(String text, Pattern pattern, int literals, int variables, int explicit) {

        static Template of(String text, boolean root) {
            StringBuilder regex = new StringBuilder();
            Matcher variable = VARIABLE.matcher(text);
            int at = 0;
            int literals = 0;
            int variables = 0;
            int explicit = 0;
            while (variable.find()) {
                literals += variable.start() - at;
                regex.append(Pattern.quote(text.substring(at, variable.start())));
                regex.append('(').append(variable.group(2) == null ? "[^/]+" : variable.group(2).trim()).append(')');
                variables++;
                explicit += variable.group(2) == null ? 0 : 1;
                at = variable.end();
            }
            literals += text.length() - at;
            regex.append(Pattern.quote(text.substring(at))).append(root ? "(/.*)?" : "(/)?");
            return new Template(text, Pattern.compile(regex.toString()), literals, variables, explicit);
        }
    }

    private record Resource(Template template, List<Route> routes, Map<String, Template> subTemplates) {
    }

    private RouteTable(String base, List<Resource> resources) {
        this.base = base;
        this.resources = resources;
        for (Resource resource : resources) {
            for (Route route : resource.routes()) {
                byMethod.put(route.method(), route);
                if (!VARIABLE.matcher(route.template()).find()) {
                    literalPaths.computeIfAbsent(route.template(), this::match);
                }
            }
        }
    }

    /**
     * The table of {@code classes} (those with {@code @Path}; providers and others are skipped)
     * under the application path {@code applicationPath}, such as {@code /api}.
     */
    public static RouteTable of(String applicationPath, Collection<Class<?>> classes) {
        String base = normalise(applicationPath);
        List<Resource> resources = new ArrayList<>();
        for (Class<?> type : classes) {
            Path root = type.getAnnotation(Path.class);
            if (root == null) {
                continue;
            }
            String rootPath = normalise(root.value());
            List<Route> routes = new ArrayList<>();
            Map<String, Template> subTemplates = new HashMap<>();
            for (Method method : type.getMethods()) {
                Optional<String> verb = verb(method);
                if (verb.isEmpty()) {
                    continue;
                }
                String subPath = subPath(method);
                subTemplates.computeIfAbsent(subPath, text -> Template.of(text, false));
                RolesAllowed allowed = Optional.ofNullable(method.getAnnotation(RolesAllowed.class))
                        .orElse(type.getAnnotation(RolesAllowed.class));
                routes.add(new Route(verb.get(), base + rootPath + subPath, method,
                        allowed == null ? Set.of() : Set.of(allowed.value())));
            }
            resources.add(new Resource(Template.of(rootPath, true), List.copyOf(routes), Map.copyOf(subTemplates)));
        }
        return new RouteTable(base, List.copyOf(resources));
    }

    /** Every operation of the application. */
    public List<Route> all() {
        return resources.stream().flatMap(resource -> resource.routes().stream()).toList();
    }

    /** The operation a resource method serves, if the method is one of this table's. */
    public Optional<Route> of(Method method) {
        return Optional.ofNullable(byMethod.get(method));
    }

    /**
     * The operation JAX-RS would send {@code verb} on {@code path} (absolute, e.g. {@code
     * /api/users/7}, as {@link #pathOf} gives it) to; {@code HEAD} falls back to {@code GET}. Empty
     * when JAX-RS would answer 404 or 405.
     */
    public Optional<Route> find(String verb, String path) {
        List<Route> candidates = at(path);
        String method = verb.toUpperCase(Locale.ROOT);
        Optional<Route> found = candidates.stream().filter(route -> route.verb().equals(method)).findFirst();
        if (found.isEmpty() && method.equals("HEAD")) {
            return candidates.stream().filter(route -> route.verb().equals("GET")).findFirst();
        }
        return found;
    }

    /**
     * The path of a raw request URI as JAX-RS matches it: without {@code ;parameters} and without a
     * trailing slash, so {@code /api/auth/login/} and {@code /api/auth/login;x} name the login.
     */
    public static String pathOf(String rawPath) {
        String path = PATH_PARAMETERS.matcher(rawPath).replaceAll("");
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path;
    }

    /** Every operation, whatever its verb, that JAX-RS would match {@code path} to. */
    public List<Route> at(String path) {
        List<Route> literal = literalPaths.get(path);
        return literal != null ? literal : match(path);
    }

    private List<Route> match(String path) {
        if (!path.startsWith(base + "/") && !path.equals(base)) {
            return List.of();
        }
        String relative = path.substring(base.length());
        List<Resource> matching = resources.stream()
                .filter(resource -> resource.template().pattern().matcher(relative).matches())
                .sorted(Comparator.comparing(Resource::template, PRECEDENCE)).toList();
        if (matching.isEmpty()) {
            return List.of();
        }
        Pattern chosen = matching.get(0).template().pattern();
        List<Resource> classes = matching.stream().filter(r -> r.template().pattern().pattern().equals(chosen.pattern())).toList();
        Matcher rest = chosen.matcher(relative);
        rest.matches();
        String remainder = rest.group(rest.groupCount()) == null ? "" : rest.group(rest.groupCount());
        if (remainder.equals("/")) {
            remainder = "";
        }
        String tail = remainder;
        Optional<Template> method = classes.stream().flatMap(r -> r.subTemplates().values().stream())
                .filter(template -> template.pattern().matcher(tail).matches())
                .min(PRECEDENCE);
        if (method.isEmpty()) {
            return List.of();
        }
        String sub = method.get().text();
        return classes.stream().flatMap(r -> r.routes().stream()).filter(route -> subPath(route.method()).equals(sub)).toList();
    }

    private static String subPath(Method method) {
        Path sub = method.getAnnotation(Path.class);
        return sub == null ? "" : normalise(sub.value());
    }

    private static Optional<String> verb(Method method) {
        return Arrays.stream(method.getAnnotations())
                .map(annotation -> annotation.annotationType().getAnnotation(HttpMethod.class))
                .filter(java.util.Objects::nonNull).map(HttpMethod::value).findFirst();
    }

    /** {@code "users/{id}/"} → {@code "/users/{id}"}; {@code "/"} and {@code ""} → {@code ""}. */
    private static String normalise(String template) {
        String path = template.startsWith("/") ? template : "/" + template;
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path;
    }
}
