package dev.gatehouse.platform.rest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Which operations the body check binds to: those whose entity parameter is a request record. */
class RequiredBodyTest {

    record Body(String value) {
    }

    @SuppressWarnings("unused")
    static class Operations {
        void takesABody(@PathParam("id") String id, Body body) {
        }

        void takesNoBody(@PathParam("id") String id, @Context UriInfo uri) {
        }

        void takesARecordFromParameters(@BeanParam Body parameters) {
        }
    }

    private static boolean bound(String name) {
        Method method = Arrays.stream(Operations.class.getDeclaredMethods()).filter(m -> m.getName().equals(name))
                .findFirst().orElseThrow();
        return RequiredBody.takesRecord(method.getParameters());
    }

    @Test
    void anOperationWithARecordEntityIsChecked() {
        assertTrue(bound("takesABody"));
    }

    @Test
    void anOperationWithoutAnEntityIsNot() {
        assertFalse(bound("takesNoBody"));
    }

    @Test
    void aRecordThatIsNotTheEntityIsNot() {
        assertFalse(bound("takesARecordFromParameters"));
    }
}
