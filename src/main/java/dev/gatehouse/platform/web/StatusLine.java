package dev.gatehouse.platform.web;

import dev.gatehouse.platform.log.ApplicationLog;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * The standard reason phrase on the status line of the statuses Payara's HTTP layer (Grizzly) has
 * no name for, which it would send as {@code 429 CUSTOM}. The Servlet API can no longer set a
 * reason phrase, so on Payara the phrase is handed to the container's own response, reached once
 * through its facade; on any other runtime (WildFly knows them all) nothing happens. The
 * wrapper does it for every status the application sets, Jersey's included.
 */
public final class StatusLine extends HttpServletResponseWrapper {

    /** The statuses Gatehouse answers that Grizzly 4 does not name. */
    private static final Map<Integer, String> UNNAMED = Map.of(422, "Unprocessable Content", 428, "Precondition Required",
            429, "Too Many Requests");
    private static final String FACADE = "org.apache.catalina.connector.ResponseFacade";
    private static volatile Access access;

    /** The route to the container's response, found on the first unnamed status. */
    private record Access(Field facadeResponse, Method coyoteResponse, Method setStatus) {
    }

    /** Wraps {@code response} so that every status set through it carries its reason phrase. */
    public StatusLine(HttpServletResponse response) {
        super(response);
    }

    /** Sets {@code status}, with its reason phrase where the runtime has none. */
    @Override
    public void setStatus(int status) {
        super.setStatus(status);
        name(getResponse(), status);
    }

    /** Gives {@code status} its reason phrase on {@code response}'s status line, if the runtime has none for it. */
    public static void name(ServletResponse response, int status) {
        String phrase = UNNAMED.get(status);
        if (phrase == null) {
            return;
        }
        ServletResponse inner = response;
        while (inner instanceof ServletResponseWrapper wrapper) {
            inner = wrapper.getResponse();
        }
        if (!inner.getClass().getName().equals(FACADE)) {
            return;
        }
        try {
            Access route = route(inner.getClass());
            Object coyote = route.coyoteResponse().invoke(route.facadeResponse().get(inner));
            route.setStatus().invoke(coyote, status, phrase);
        } catch (ReflectiveOperationException | RuntimeException e) {
            ApplicationLog.logger().fine(() -> "no reason phrase for " + status + ": " + e);
        }
    }

    private static Access route(Class<?> facade) throws ReflectiveOperationException {
        Access found = access;
        if (found == null) {
            Field field = facade.getDeclaredField("response");
            field.setAccessible(true);
            Method coyote = field.getType().getMethod("getCoyoteResponse");
            found = new Access(field, coyote, coyote.getReturnType().getMethod("setStatus", int.class, String.class));
            access = found;
        }
        return found;
    }
}
