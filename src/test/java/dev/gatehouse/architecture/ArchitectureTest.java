package dev.gatehouse.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.persistence.Entity;
import jakarta.ws.rs.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The architecture of {@code docs/architecture.md}, enforced: one package per component, the
 * components depend on each other in one direction only (the "may use" table below, drawn in the
 * docs), no package cycle anywhere, and inside each component boundary → control → entity.
 */
class ArchitectureTest {

    private static final String ROOT = "dev.gatehouse";

    /** Component → the components it may use. Everything may use itself. */
    static final Map<String, Set<String>> MAY_USE = new LinkedHashMap<>();

    static {
        MAY_USE.put("platform", Set.of());
        MAY_USE.put("access", Set.of("platform"));
        MAY_USE.put("activity", Set.of("access", "platform"));
        MAY_USE.put("edge", Set.of("platform"));
        MAY_USE.put("operations", Set.of("platform"));
        MAY_USE.put("mail", Set.of("platform"));
        MAY_USE.put("accounts", Set.of("mail", "activity", "access", "platform"));
        MAY_USE.put("keys", Set.of("activity", "access", "platform"));
        MAY_USE.put("mfa", Set.of("accounts", "activity", "access", "platform"));
        MAY_USE.put("sessions", Set.of("mfa", "accounts", "keys", "activity", "access", "platform"));
        MAY_USE.put("app", Set.of("sessions", "mfa", "keys", "accounts", "mail", "activity", "edge", "operations", "access",
                "platform"));
    }

    /**
     * Component → the types other components may use: its face. Everything else in a component is
     * its own business. The platform is the shared kernel and has no face rule; app is used by none.
     */
    static final Map<String, Set<String>> FACES = Map.of(
            "access", Set.of("Caller", "Role", "AccessPolicy", "AllowedBeforeSecondFactor", "HidesOtherAccounts"),
            "accounts", Set.of("Account", "AccountChanged", "AccountSessions", "SessionEndReason", "AccountCredentials",
                    "UserAdministration", "LoginThrottle", "Passwords", "Credentials", "User", "UserView",
                    "RegistrationResource", "UsersResource", "PasswordResetResource", "EmailVerificationResource"),
            "activity", Set.of("Action", "ActivityLog", "ActivityRow", "ActivityResource"),
            "keys", Set.of("AccessTokens", "AccessClaims", "TokenException", "SigningKeysResource"),
            "mail", Set.of("Outbox", "MailKind"),
            "mfa", Set.of("SecondFactorChallenges", "Redemption", "TotpResource", "UserMfaResource"),
            "sessions", Set.of("AuthResource", "SessionsResource", "UserSessionsResource"),
            "edge", Set.of(),
            "operations", Set.of("HealthResource"));

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void everyClassBelongsToAKnownComponent() {
        String[] known = MAY_USE.keySet().stream().map(c -> ROOT + "." + c + "..").toArray(String[]::new);
        classes().should().resideInAnyPackage(known).check(MAIN);
    }

    @Test
    void noPackageCycleBetweenComponents() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void noPackageCycleInsideAnyComponent() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(MAIN);
    }

    @TestFactory
    Stream<DynamicTest> eachComponentUsesOnlyWhatTheTableAllows() {
        // a component that may use every other one (app) has no rule to check, so no test
        return MAY_USE.entrySet().stream().filter(entry -> !forbiddenFor(entry.getKey()).isEmpty())
                .map(entry -> DynamicTest.dynamicTest(entry.getKey() + " uses only " + entry.getValue(), () -> {
            Set<String> forbidden = forbiddenFor(entry.getKey());
            noClasses().that().resideInAPackage(ROOT + "." + entry.getKey() + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(
                            forbidden.stream().map(c -> ROOT + "." + c + "..").toArray(String[]::new))
                    .check(MAIN);
        }));
    }

    /** The components {@code component} must not use. */
    private static Set<String> forbiddenFor(String component) {
        Set<String> forbidden = new TreeSet<>(MAY_USE.keySet());
        forbidden.remove(component);
        forbidden.removeAll(MAY_USE.get(component));
        return forbidden;
    }

    @TestFactory
    Stream<DynamicTest> otherComponentsUseOnlyAComponentsFace() {
        return FACES.entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey() + " is used through " + entry.getValue(),
                () -> noClasses().that().resideOutsideOfPackage(ROOT + "." + entry.getKey() + "..")
                        .should().dependOnClassesThat(DescribedPredicate.describe("outside the face of " + entry.getKey(),
                                (JavaClass target) -> target.getPackageName().startsWith(ROOT + "." + entry.getKey())
                                        && !entry.getValue().contains(outermost(target).getSimpleName())))
                        .check(MAIN)));
    }

    private static JavaClass outermost(JavaClass type) {
        JavaClass outer = type;
        while (outer.getEnclosingClass().isPresent()) {
            outer = outer.getEnclosingClass().get();
        }
        return outer;
    }

    @Test
    void noClassCycleInTheCompositionRoot() {
        slices().assignedFrom(SliceAssignment.perClass(ROOT + ".app")).should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void eventsAreImmutableNotifications() {
        fields().that().haveRawType(Event.class).should(new ArchCondition<JavaField>("fire only records") {
            @Override
            public void check(JavaField field, ConditionEvents events) {
                if (field.getType() instanceof JavaParameterizedType event) {
                    JavaClass payload = event.getActualTypeArguments().get(0).toErasure();
                    if (!payload.isRecord()) {
                        events.add(SimpleConditionEvent.violated(field, field.getFullName() + " fires " + payload.getName()
                                + ", which is not a record: an event carries nothing an observer could write back"));
                    }
                }
            }
        }).check(MAIN);
    }

    @Test
    void entitiesUseNothingAboveThem() {
        noClasses().that().resideInAPackage("..entity..")
                .should().dependOnClassesThat().resideInAnyPackage("..control..", "..boundary..")
                .check(MAIN);
    }

    @Test
    void servicesNeverSeeTheWire() {
        noClasses().that().resideInAPackage("..control..")
                .should().dependOnClassesThat().resideInAPackage("..boundary..")
                .check(MAIN);
    }

    @Test
    void entitiesNeverCrossTheBoundary() {
        noClasses().that().resideInAPackage("..boundary..")
                .should().dependOnClassesThat().areAnnotatedWith(Entity.class)
                .check(MAIN);
    }

    /**
     * persistence.xml turns Bean Validation of entities off (a boot and per-write cost for nothing):
     * a constraint on an entity would be silently ignored, so the build refuses one.
     */
    @Test
    void entitiesDeclareNoConstraints() {
        noClasses().that().resideInAPackage("..entity..")
                .should().dependOnClassesThat().resideInAPackage("jakarta.validation..")
                .check(MAIN);
    }

    @Test
    void entitiesLiveInEntityPackages() {
        ArchRule rule = classes().that().areAnnotatedWith(Entity.class).should().resideInAPackage("..entity..");
        rule.check(MAIN);
    }

    @Test
    void servicesLiveInControlPackages() {
        classes().that().areAnnotatedWith(Stateless.class).should().resideInAPackage("..control..").check(MAIN);
    }

    @Test
    void resourcesLiveInBoundaryPackagesOrOperations() {
        classes().that().areAnnotatedWith(Path.class).should().resideInAnyPackage("..boundary..", ROOT + ".operations..")
                .check(MAIN);
    }

    /**
     * A request body is validated once, by the JSON body reader: a constraint on a resource
     * method would have the JAX-RS runtime and the CDI validation interceptor validate it twice more.
     */
    @Test
    void resourceMethodsDeclareNoConstraints() {
        methods().that().areDeclaredInClassesThat().areAnnotatedWith(Path.class)
                .should(new ArchCondition<JavaMethod>("declare no Bean Validation constraint on a parameter") {
                    @Override
                    public void check(JavaMethod method, ConditionEvents events) {
                        method.getParameters().stream()
                                .flatMap(parameter -> parameter.getAnnotations().stream())
                                .filter(annotation -> annotation.getRawType().getPackageName().startsWith("jakarta.validation"))
                                .forEach(annotation -> events.add(SimpleConditionEvent.violated(method,
                                        method.getFullName() + " has @" + annotation.getRawType().getSimpleName())));
                    }
                })
                .check(MAIN);
    }

    @Test
    void onlyTheSettingsSourceReadsTheEnvironment() {
        noClasses().that().doNotHaveFullyQualifiedName(ROOT + ".platform.config.SettingsSource")
                .should().callMethod(System.class, "getenv", String.class)
                .orShould().callMethod(System.class, "getenv")
                .check(MAIN);
    }
}
