package dev.gatehouse.platform.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Makes the boot-validated {@link Settings} injectable; there is only ever one instance. */
@ApplicationScoped
public class SettingsProducer {

    /** The deployment's settings. */
    @Produces
    public Settings settings() {
        return Settings.current();
    }
}
