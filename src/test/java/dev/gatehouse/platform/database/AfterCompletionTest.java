package dev.gatehouse.platform.database;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What waits for a commit runs only after a commit; any other end runs the other branch, once. */
class AfterCompletionTest {

    private final List<Synchronization> registered = new ArrayList<>();
    private final List<String> ran = new ArrayList<>();

    private final TransactionSynchronizationRegistry transactions = new TransactionSynchronizationRegistry() {
        @Override
        public Object getTransactionKey() {
            return "tx";
        }

        @Override
        public void putResource(Object key, Object value) {
        }

        @Override
        public Object getResource(Object key) {
            return null;
        }

        @Override
        public void registerInterposedSynchronization(Synchronization sync) {
            registered.add(sync);
        }

        @Override
        public int getTransactionStatus() {
            return Status.STATUS_ACTIVE;
        }

        @Override
        public void setRollbackOnly() {
        }

        @Override
        public boolean getRollbackOnly() {
            return false;
        }
    };

    private void end(int status) {
        AfterCompletion.register(transactions, () -> ran.add("committed"), () -> ran.add("otherwise"));
        registered.get(0).beforeCompletion();
        assertEquals(List.of(), ran, "nothing runs before the outcome is known");
        registered.get(0).afterCompletion(status);
    }

    @Test
    void aCommitRunsTheCommittedBranchOnly() {
        end(Status.STATUS_COMMITTED);
        assertEquals(List.of("committed"), ran);
    }

    @Test
    void aRollbackRunsTheOtherBranchOnly() {
        end(Status.STATUS_ROLLEDBACK);
        assertEquals(List.of("otherwise"), ran);
    }

    @Test
    void anUnknownOutcomeIsNotACommit() {
        end(Status.STATUS_UNKNOWN);
        assertEquals(List.of("otherwise"), ran);
    }
}
