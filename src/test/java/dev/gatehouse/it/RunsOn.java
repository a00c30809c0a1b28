package dev.gatehouse.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Names the extra nodes a test class runs on, so they boot in the background as soon as JUnit
 * knows the class will run, the class runs after those that need only the suite server
 * ({@link EarlyBoots}), and the nodes stop when the run ends ({@link EarlyBoots.EndOfRun}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(EarlyBoots.EndOfRun.class)
@interface RunsOn {

    /** The node sets the class uses. */
    ExtraNodes[] value();
}
