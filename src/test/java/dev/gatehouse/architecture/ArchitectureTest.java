package dev.gatehouse.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import jakarta.ejb.Stateless;
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
        MAY_USE.put("mail", Set.of("platform"));
        MAY_USE.put("accounts", Set.of("mail", "activity", "access", "platform"));
        MAY_USE.put("keys", Set.of("activity", "access", "platform"));
        MAY_USE.put("mfa", Set.of("accounts", "activity", "access", "platform"));
        MAY_USE.put("sessions", Set.of("mfa", "accounts", "keys", "activity", "access", "platform"));
        MAY_USE.put("app", Set.of("sessions", "mfa", "keys", "accounts", "mail", "activity", "edge", "access", "platform"));
    }

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
    void resourcesLiveInBoundaryPackagesOrTheApplication() {
        classes().that().areAnnotatedWith(Path.class).should().resideInAnyPackage("..boundary..", ROOT + ".app..").check(MAIN);
    }

    @Test
    void onlyTheSettingsSourceReadsTheEnvironment() {
        noClasses().that().doNotHaveFullyQualifiedName(ROOT + ".platform.config.SettingsSource")
                .should().callMethod(System.class, "getenv", String.class)
                .orShould().callMethod(System.class, "getenv")
                .check(MAIN);
    }
}
