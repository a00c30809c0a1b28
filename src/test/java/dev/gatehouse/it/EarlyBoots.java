package dev.gatehouse.it;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The schedule of a run, set in {@code junit-platform.properties}: once JUnit knows which test
 * classes will run, every set of extra nodes that one of them {@link RunsOn runs on} begins booting
 * in the background, and the classes are ordered so those boots overlap the rest of the suite:
 * first the classes that need no extra nodes, in the order they were given, then those on extra
 * nodes, grouped in the order of {@link ExtraNodes}. A plan without such a class, like the unit
 * tests', boots nothing.
 */
public final class EarlyBoots implements ClassOrderer {

    /** Begins the boots the classes need, then sorts the classes stably by {@link #rank(Class)}. */
    @Override
    public void orderClasses(ClassOrdererContext context) {
        for (ClassDescriptor descriptor : context.getClassDescriptors()) {
            RunsOn runsOn = descriptor.getTestClass().getAnnotation(RunsOn.class);
            if (runsOn != null) {
                for (ExtraNodes nodes : runsOn.value()) {
                    nodes.begin();
                }
            }
        }
        context.getClassDescriptors().sort(Comparator.comparingInt((ClassDescriptor d) -> rank(d.getTestClass())));
    }

    /** 0 without extra nodes, else one more than the first node set's position in {@link ExtraNodes}. */
    static int rank(Class<?> testClass) {
        RunsOn runsOn = testClass.getAnnotation(RunsOn.class);
        return runsOn == null || runsOn.value().length == 0 ? 0 : 1 + runsOn.value()[0].ordinal();
    }

    /**
     * Stops every set of extra nodes begun in this JVM when the whole run is over (the root
     * context closes after the last class), with SIGTERM so each node's JaCoCo agent writes its
     * data before the JVM exits. Registered by {@link RunsOn}.
     */
    public static final class EndOfRun implements BeforeAllCallback {

        /** Registers, once per run, the stop of every extra node at the end of the run. */
        @Override
        public void beforeAll(ExtensionContext context) {
            context.getRoot().getStore(ExtensionContext.Namespace.create(EndOfRun.class))
                    .getOrComputeIfAbsent(EndOfRun.class, key -> new Ending());
        }
    }

    /** What the root context closes when the run is over: {@link Background#endAll()}. */
    private static final class Ending implements ExtensionContext.Store.CloseableResource, AutoCloseable {

        /** Stops every extra node of the run. */
        @Override
        public void close() {
            Background.endAll();
        }
    }
}
