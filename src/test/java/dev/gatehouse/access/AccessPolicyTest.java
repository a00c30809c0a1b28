package dev.gatehouse.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link AccessPolicy} against every role, as a table that mirrors "Authorization: the permission
 * table" in docs/security.md: each row is one rule, each column a calling role, and a row that
 * names a target role covers that caller × target combination.
 */
class AccessPolicyTest {

    private static final UUID SELF = UUID.fromString("11111111-1111-4111-8111-111111111111");
    private static final UUID OTHER = UUID.fromString("22222222-2222-4222-8222-222222222222");

    /**
     * Each row of the table: its name, the method it exercises, and the rule asked for a caller
     * whose id is {@link #SELF}.
     */
    private static final Map<String, Rule> RULES = new LinkedHashMap<>();

    private record Rule(String method, Predicate<Role> allows) {
    }

    private static void rule(String row, String method, Predicate<Role> allows) {
        RULES.put(row, new Rule(method, allows));
    }

    static {
        rule("list users", "mayListUsers", AccessPolicy::mayListUsers);
        rule("see deleted users", "maySeeDeleted", AccessPolicy::maySeeDeleted);
        rule("read itself", "mayRead", caller -> AccessPolicy.mayRead(caller, SELF, SELF));
        rule("read another user", "mayRead", caller -> AccessPolicy.mayRead(caller, SELF, OTHER));
        rule("create, delete, restore, change role or email", "mayAdminister", AccessPolicy::mayAdminister);
        rule("set is_active of a guest", "maySetActive", caller -> AccessPolicy.maySetActive(caller, Role.GUEST));
        rule("set is_active of a user", "maySetActive", caller -> AccessPolicy.maySetActive(caller, Role.USER));
        rule("set is_active of a manager", "maySetActive", caller -> AccessPolicy.maySetActive(caller, Role.MANAGER));
        rule("set is_active of an admin", "maySetActive", caller -> AccessPolicy.maySetActive(caller, Role.ADMIN));
        rule("revoke an own session", "mayRevokeSession", caller -> AccessPolicy.mayRevokeSession(caller, SELF, SELF));
        rule("revoke another user's session", "mayRevokeSession",
                caller -> AccessPolicy.mayRevokeSession(caller, SELF, OTHER));
        rule("list a user's sessions", "mayListSessionsOf", AccessPolicy::mayListSessionsOf);
        rule("read own activity", "mayReadActivityOf", caller -> AccessPolicy.mayReadActivityOf(caller, SELF, SELF));
        rule("read another user's activity", "mayReadActivityOf",
                caller -> AccessPolicy.mayReadActivityOf(caller, SELF, OTHER));
        rule("read everyone's activity", "mayReadAllActivity", AccessPolicy::mayReadAllActivity);
    }

    @ParameterizedTest(name = "{0}: guest {1}, user {2}, manager {3}, admin {4}")
    @CsvSource(delimiter = '|', textBlock = """
            # rule                                        | guest | user | manager | admin
            list users                                    | no    | no   | yes     | yes
            see deleted users                             | no    | no   | no      | yes
            read itself                                   | yes   | yes  | yes     | yes
            read another user                             | no    | no   | yes     | yes
            create, delete, restore, change role or email | no    | no   | no      | yes
            set is_active of a guest                      | no    | no   | yes     | yes
            set is_active of a user                       | no    | no   | yes     | yes
            set is_active of a manager                    | no    | no   | no      | yes
            set is_active of an admin                     | no    | no   | no      | yes
            revoke an own session                         | yes   | yes  | yes     | yes
            revoke another user's session                 | no    | no   | no      | yes
            list a user's sessions                        | no    | no   | no      | yes
            read own activity                             | yes   | yes  | yes     | yes
            read another user's activity                  | no    | no   | yes     | yes
            read everyone's activity                      | no    | no   | yes     | yes
            """)
    void eachRoleIsAllowedExactlyWhatThePermissionTableSays(String row, String guest, String user, String manager,
                                                           String admin) {
        Rule rule = RULES.get(row);
        assertNotNull(rule, () -> "no rule for the row " + row);

        Map<Role, Boolean> answered = new LinkedHashMap<>();
        for (Role caller : Role.values()) {
            answered.put(caller, rule.allows().test(caller));
        }

        assertEquals(Map.of(Role.GUEST, yes(guest), Role.USER, yes(user), Role.MANAGER, yes(manager),
                Role.ADMIN, yes(admin)), answered, row);
    }

    @Test
    void everyRuleOfThePolicyHasARowInTheTable() {
        Set<String> methods = Arrays.stream(AccessPolicy.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()))
                .map(Method::getName).collect(Collectors.toCollection(TreeSet::new));

        Set<String> covered = RULES.values().stream().map(Rule::method).collect(Collectors.toCollection(TreeSet::new));

        assertEquals(methods, covered);
    }

    private static boolean yes(String cell) {
        return switch (cell) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw new IllegalArgumentException("a cell is yes or no: " + cell);
        };
    }
}
