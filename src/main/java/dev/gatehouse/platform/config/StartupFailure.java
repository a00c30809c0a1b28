package dev.gatehouse.platform.config;

import dev.gatehouse.platform.log.ApplicationLog;
import java.util.Locale;
import java.util.Optional;

/**
 * What happens when Gatehouse cannot start (a refused setting, an unusable key file, a failed
 * migration): one line naming the problem, then, where Gatehouse owns the process, the process
 * ends with status 3, so that an orchestrator sees a failed start instead of a live server that
 * answers 404 forever. Gatehouse owns the process on Payara Micro (detected) unless
 * {@code EXIT_ON_STARTUP_FAILURE=false}; on a shared server (Payara Server, WildFly) only the
 * deployment fails, unless {@code EXIT_ON_STARTUP_FAILURE=true}.
 */
public final class StartupFailure {

    /** The exit status of a failed start. */
    public static final int EXIT_STATUS = 3;

    private StartupFailure() {
    }

    /**
     * Logs {@code reason} as the one line an operator needs and ends the process if Gatehouse owns it.
     *
     * @return a {@link SettingsException} for the caller to throw where the process lives on
     */
    public static SettingsException fatal(String reason) {
        ApplicationLog.logger().severe("Gatehouse cannot start: " + reason);
        if (ownsProcess()) {
            System.exit(EXIT_STATUS);
        }
        return new SettingsException(reason);
    }

    /** {@code EXIT_ON_STARTUP_FAILURE} if set, else whether this JVM is a Payara Micro. */
    static boolean ownsProcess() {
        Optional<String> configured = SettingsSource.system().apply("EXIT_ON_STARTUP_FAILURE");
        if (configured.isPresent()) {
            return Boolean.parseBoolean(configured.get().toLowerCase(Locale.ROOT));
        }
        try {
            ClassLoader.getSystemClassLoader().loadClass("fish.payara.micro.PayaraMicro");
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
