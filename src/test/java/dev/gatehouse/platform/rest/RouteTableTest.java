package dev.gatehouse.platform.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Matching as JAX-RS matches (Jakarta REST 3.1, 3.7.2), over a small application of its own. */
class RouteTableTest {

    @Path("things")
    static class Things {
        @GET
        public String list() { return ""; }

        @GET
        @Path("{id}")
        @RolesAllowed("user")
        public String one() { return ""; }

        @GET
        @Path("mine")
        @RolesAllowed("guest")
        public String mine() { return ""; }

        @PATCH
        @Path("{id}")
        @RolesAllowed({"manager", "admin"})
        @CredentialEndpoint
        public String change() { return ""; }
    }

    @Path("things/{id}/parts")
    @RolesAllowed("admin")
    static class Parts {
        @GET
        public String parts() { return ""; }

        @POST
        @Path("{part: [0-9]+}")
        public String add() { return ""; }
    }

    @Path("other")
    static class NotInTheApplication {
    }

    private final RouteTable table = RouteTable.of("/api", List.of(Things.class, Parts.class, String.class));

    @ParameterizedTest
    @CsvSource({
        "GET, /api/things, /api/things",
        "GET, /api/things/mine, /api/things/mine",
        "GET, /api/things/7, /api/things/{id}",
        "GET, /api/things/7/parts, /api/things/{id}/parts",
        "POST, /api/things/7/parts/12, /api/things/{id}/parts/{part: [0-9]+}",
        "HEAD, /api/things/7, /api/things/{id}",
    })
    void findsTheOperationJaxRsWouldInvoke(String verb, String path, String template) {
        assertEquals(Optional.of(template), table.find(verb, path).map(RouteTable.Route::template));
    }

    @ParameterizedTest
    @CsvSource({"DELETE, /api/things/7", "PATCH, /api/things/mine", "GET, /api/things/7/parts/x/y", "POST, /api/things/7/parts/abc", "GET, /api/other",
        "GET, /elsewhere/things", "GET, /api"})
    void findsNothingWhereJaxRsAnswers404Or405(String verb, String path) {
        assertEquals(Optional.empty(), table.find(verb, path));
    }

    @Test
    void aLiteralSubPathWinsOverATemplateOfTheSameClass() {
        assertEquals(Set.of("guest"), table.find("GET", "/api/things/mine").orElseThrow().rolesAllowed());
        assertEquals(Set.of("user"), table.find("GET", "/api/things/other").orElseThrow().rolesAllowed());
    }

    @Test
    void theRootResourceWithMoreLiteralCharactersIsChosenBeforeItsMethodsAreConsidered() {
        // "things/{id}/parts" has more literal characters than "things": JAX-RS never backtracks to Things
        assertEquals(List.of(), table.at("/api/things/7/parts/x/y"));
        assertEquals(Parts.class, table.find("GET", "/api/things/7/parts").orElseThrow().method().getDeclaringClass());
    }

    @Test
    void rolesComeFromTheMethodElseTheClassAndPublicOperationsHaveNone() {
        assertEquals(Set.of("manager", "admin"), table.find("PATCH", "/api/things/7").orElseThrow().rolesAllowed());
        assertEquals(Set.of("admin"), table.find("POST", "/api/things/7/parts/3").orElseThrow().rolesAllowed());
        assertTrue(!table.find("GET", "/api/things").orElseThrow().isProtected());
    }

    @Test
    void markersAndPathParametersAreReadFromTheRoute() {
        RouteTable.Route change = table.find("PATCH", "/api/things/7").orElseThrow();

        assertTrue(change.has(CredentialEndpoint.class));
        assertEquals(Optional.of("7"), change.parameter("id", "/api/things/7"));
        assertEquals(Optional.of("12"), table.find("POST", "/api/things/7/parts/12").orElseThrow()
                .parameter("part", "/api/things/7/parts/12"));
        assertEquals(Optional.empty(), change.parameter("nope", "/api/things/7"));
    }

    @Test
    void everyOperationIsListedAndFoundByItsMethod() throws NoSuchMethodException {
        assertEquals(6, table.all().size());
        assertEquals(Optional.of("/api/things/mine"), table.of(Things.class.getMethod("mine")).map(RouteTable.Route::template));
    }

    @ParameterizedTest
    @CsvSource({
        "/api/auth/login, /api/auth/login",
        "/api/auth/login/, /api/auth/login",
        "/api/auth/login//, /api/auth/login",
        "/api/auth/login;x=1, /api/auth/login",
        "/api/auth;v=2/login, /api/auth/login",
        "/api/auth/login;a/, /api/auth/login",
        "/, /",
    })
    void pathOfDropsPathParametersAndTrailingSlashes(String uri, String path) {
        assertEquals(path, RouteTable.pathOf(uri));
    }
}
