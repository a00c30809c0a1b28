package dev.gatehouse.it;

import java.util.function.Supplier;

/**
 * The Gatehouse nodes the integration tests run besides the suite server, in the order their
 * classes run (last, after every class of the suite server alone; see {@link EarlyBoots}). Each set
 * boots once per test JVM, in the background from the moment the test plan names a class that
 * {@link RunsOn runs on} it ({@link EarlyBoots}), and stops when the run ends.
 */
enum ExtraNodes {

    /** {@code ServerBootIT}'s: one node behind a TCP relay, and two boots that must be refused ({@link BootChecks}). */
    BOOT_CHECKS(() -> BootChecks.BACKGROUND),
    /** Three nodes on one database, behind one public URL ({@link Cluster}). */
    CLUSTER(() -> Cluster.BACKGROUND),
    /** {@code QueuedMailRestartIT}'s two boots, one after the other, on one embedded database ({@link MailRestart}). */
    MAIL_RESTART(() -> MailRestart.BACKGROUND);

    private final Supplier<Background<?>> background;

    ExtraNodes(Supplier<Background<?>> background) {
        this.background = background;
    }

    /** Starts booting these nodes in the background, unless that has begun. */
    void begin() {
        background.get().begin();
    }
}
