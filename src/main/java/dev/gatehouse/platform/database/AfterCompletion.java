package dev.gatehouse.platform.database;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Work that must wait for the current JTA transaction's outcome: what a commit made true (a
 * revocation, a notice sent by the commit itself) is acted on only once it is committed.
 */
public final class AfterCompletion {

    private AfterCompletion() {
    }

    /**
     * Runs {@code committed} after the current transaction commits, {@code otherwise} after it ends
     * any other way. The caller has checked that a transaction is active.
     */
    public static void register(TransactionSynchronizationRegistry transactions, Runnable committed, Runnable otherwise) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // the outcome is not known yet
            }

            @Override
            public void afterCompletion(int status) {
                (status == Status.STATUS_COMMITTED ? committed : otherwise).run();
            }
        });
    }
}
