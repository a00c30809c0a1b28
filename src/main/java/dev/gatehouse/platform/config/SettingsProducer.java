package dev.gatehouse.platform.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Makes the boot-validated settings injectable, each concern on its own; there is only ever one instance of each. */
@ApplicationScoped
public class SettingsProducer {

    /** All of them, for the few places that span concerns (boot). */
    @Produces
    public Settings settings() {
        return Settings.current();
    }

    /** Who this deployment is. */
    @Produces
    public ServerSettings server() {
        return Settings.current().server();
    }

    /** Where the data lives. */
    @Produces
    public DatabaseSettings database() {
        return Settings.current().database();
    }

    /** How tokens are signed. */
    @Produces
    public TokenSettings tokens() {
        return Settings.current().tokens();
    }

    /** What the edge enforces. */
    @Produces
    public EdgeSettings edge() {
        return Settings.current().edge();
    }

    /** How accounts sign in. */
    @Produces
    public AccountSettings accounts() {
        return Settings.current().accounts();
    }

    /** What a node caches and how it hears of changes. */
    @Produces
    public ClusterSettings cluster() {
        return Settings.current().cluster();
    }

    /** How mail leaves. */
    @Produces
    public MailSettings mail() {
        return Settings.current().mail();
    }
}
