package dev.gatehouse.platform.config;

import java.util.Optional;
import java.util.function.Function;

/**
 * Every setting Gatehouse reads, typed and validated once at boot, one record per concern. A bad
 * value stops the boot with one line that names the variable and what it accepts; nothing else in
 * the code reads the environment. The meaning and default of each setting is in {@code
 * docs/configuration.md}; components inject the record of their concern ({@link SettingsProducer}).
 *
 * @param server who this deployment is and where it is reached
 * @param database where the data lives
 * @param tokens how tokens are signed and how long they live
 * @param edge what the edge of every request enforces
 * @param accounts who may have an account and how it signs in
 * @param mail how mail leaves and what its links look like
 * @param cluster what a node caches of the shared state and how it hears of changes
 */
public record Settings(ServerSettings server, DatabaseSettings database, TokenSettings tokens, EdgeSettings edge,
                       AccountSettings accounts, MailSettings mail, ClusterSettings cluster) {

    private static volatile Settings current;

    /**
     * Reads and validates settings from {@code source}.
     *
     * @throws SettingsException for the first bad value found
     */
    public static Settings from(Function<String, Optional<String>> source) {
        SettingsReader in = new SettingsReader(source);
        ServerSettings server = ServerSettings.read(in);
        DatabaseSettings database = DatabaseSettings.read(in);
        return new Settings(server, database, TokenSettings.read(in, server), EdgeSettings.read(in, database),
                AccountSettings.read(in, server), MailSettings.read(in, server), ClusterSettings.read(in));
    }

    /**
     * The settings of this deployment, read from {@link SettingsSource#system()} on first use and
     * kept for the life of the class loader, so that one ephemeral key serves the whole process.
     */
    public static Settings current() {
        Settings settings = current;
        if (settings == null) {
            synchronized (Settings.class) {
                settings = current;
                if (settings == null) {
                    settings = from(SettingsSource.system());
                    current = settings;
                }
            }
        }
        return settings;
    }
}
