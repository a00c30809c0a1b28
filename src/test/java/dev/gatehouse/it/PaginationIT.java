package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Keyset pages of {@code GET /api/users} neither skip nor repeat a row while new rows keep arriving. */
class PaginationIT extends ApiTestBase {

    private static final int EXISTING = 250;
    private static final int PAGE = 37;

    private static String marker() {
        return "page" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Creates {@code count} users whose email contains {@code marker}, four at a time; returns their ids. */
    private static Set<String> createMarked(String admin, String marker, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> created = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String role = Accounts.ROLES.get(1 + i % 3);
                created.add(pool.submit(() -> Accounts.create(admin, Api.uniqueEmail(marker), Accounts.password(), role)
                        .getString("id")));
            }
            Set<String> ids = new HashSet<>();
            for (Future<String> id : created) {
                ids.add(id.get());
            }
            return ids;
        } finally {
            pool.shutdown();
        }
    }

    /** True when {@code a} sorts after {@code b} in the contract's order: created_at, then id, descending. */
    private static boolean before(JsonObject a, JsonObject b) {
        int byTime = Accounts.instant(a, "created_at").compareTo(Accounts.instant(b, "created_at"));
        // PostgreSQL orders UUIDs bytewise, which is the order of their lower-case hex text.
        return byTime > 0 || byTime == 0 && a.getString("id").compareTo(b.getString("id")) > 0;
    }

    @Test
    void pagingWhileUsersAreAddedNeitherSkipsNorRepeats() throws Exception {
        String admin = Api.admin().accessToken();
        String marker = marker();
        Set<String> existing = createMarked(admin, marker, EXISTING);
        Set<String> addedDuringPaging = new HashSet<>();

        List<JsonObject> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            String path = "/api/users?limit=" + PAGE + "&q=" + marker
                    + (cursor == null ? "" : "&cursor=" + Accounts.encode(cursor));
            Api.Reply reply = Api.getAs(admin, path);
            assertEquals(200, reply.status(), reply::body);
            JsonObject page = reply.json();
            assertEquals(Set.of("items", "next_cursor"), page.keySet());
            page.getJsonArray("items").forEach(item -> seen.add(item.asJsonObject()));
            pageSizes.add(page.getJsonArray("items").size());
            cursor = page.isNull("next_cursor") ? null : page.getString("next_cursor");
            addedDuringPaging.addAll(createMarked(admin, marker, 3));
        } while (cursor != null && pageSizes.size() < 100);

        List<String> ids = Accounts.ids(seen);
        assertEquals(ids.size(), new HashSet<>(ids).size(), "no row repeats");
        assertEquals(existing, new HashSet<>(ids), "every row that existed is seen, and only those");
        assertTrue(addedDuringPaging.stream().noneMatch(ids::contains), "rows added later sort before the cursor");
        int fullPages = EXISTING / PAGE;
        assertEquals(fullPages + 1, pageSizes.size(), pageSizes::toString);
        for (int i = 0; i < fullPages; i++) {
            assertEquals(PAGE, pageSizes.get(i), pageSizes::toString);
        }
        assertEquals(EXISTING % PAGE, pageSizes.get(fullPages));
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(before(seen.get(i - 1), seen.get(i)), "ordered newest first at position " + i);
        }
    }

    @Test
    void aFreshFirstPageShowsTheNewestRowsFirst() throws Exception {
        String admin = Api.admin().accessToken();
        String marker = marker();
        createMarked(admin, marker, 5);
        JsonObject newest = Accounts.create(admin, Api.uniqueEmail(marker), Accounts.password(), "guest");

        Api.Reply reply = Api.getAs(admin, "/api/users?limit=2&q=" + marker);

        assertEquals(200, reply.status(), reply::body);
        assertEquals(newest.getString("id"), reply.json().getJsonArray("items").getJsonObject(0).getString("id"));
        assertFalse(reply.json().isNull("next_cursor"));
    }

    @Test
    void rowsWithTheSameCreationTimeAreOrderedByIdAndPagedWithoutLoss() throws Exception {
        String admin = Api.admin().accessToken();
        String marker = marker();
        Set<String> ids = createMarked(admin, marker, 9);
        // Give all of them one creation time, so only the id breaks the ties.
        for (String id : ids) {
            TestDatabase.update("UPDATE users SET created_at = TIMESTAMPTZ '2020-01-01 00:00:00.123456+00'"
                    + " WHERE id = ?::uuid", id);
        }

        List<JsonObject> paged = Accounts.all(admin, "/api/users?limit=2&q=" + marker);

        assertEquals(ids, new HashSet<>(Accounts.ids(paged)));
        assertEquals(ids.size(), paged.size());
        for (int i = 1; i < paged.size(); i++) {
            assertEquals("2020-01-01T00:00:00.123456Z", paged.get(i).getString("created_at"));
            assertTrue(paged.get(i - 1).getString("id").compareTo(paged.get(i).getString("id")) > 0,
                    "ties broken by id descending");
        }
    }

    @Test
    void exactlyFullLastPageHasNoNextCursor() throws Exception {
        String admin = Api.admin().accessToken();
        String marker = marker();
        createMarked(admin, marker, 4);

        Api.Reply first = Api.getAs(admin, "/api/users?limit=2&q=" + marker);
        String cursor = first.json().getString("next_cursor");
        Api.Reply second = Api.getAs(admin, "/api/users?limit=2&q=" + marker + "&cursor=" + Accounts.encode(cursor));

        assertEquals(200, second.status(), second::body);
        assertEquals(2, second.json().getJsonArray("items").size());
        assertTrue(second.json().isNull("next_cursor"));
    }
}
