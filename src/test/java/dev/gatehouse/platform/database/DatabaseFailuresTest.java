package dev.gatehouse.platform.database;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import dev.gatehouse.platform.problem.Failures;
import jakarta.ejb.EJBException;
import jakarta.transaction.SystemException;
import javax.transaction.xa.XAException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which failures are an unreachable database (answered 503) and which are bugs (500). */
class DatabaseFailuresTest {

    @ParameterizedTest
    @ValueSource(strings = {"08000", "08001", "08003", "08006", "57P01", "57P02", "57P03", "53300"})
    void connectionLossShutdownRecoveryAndTooManyConnectionsAreUnreachable(String state) {
        assertTrue(DatabaseFailures.unreachable(new SQLException("x", state)), state);
    }

    @ParameterizedTest
    @ValueSource(strings = {"23505", "23503", "40001", "40P01", "42P01", "42703", "22001", "57014", "53100"})
    void constraintSerializationSchemaDataAndCancelFailuresAreNot(String state) {
        assertFalse(DatabaseFailures.unreachable(new SQLException("x", state)), state);
    }

    @Test
    void connectionExceptionTypesCountWithoutAState() {
        assertTrue(DatabaseFailures.unreachable(new SQLTransientConnectionException("pool timeout")));
        assertTrue(DatabaseFailures.unreachable(new SQLNonTransientConnectionException("refused")));
        assertFalse(DatabaseFailures.unreachable(new SQLException("no state")));
        assertFalse(DatabaseFailures.unreachable(new IllegalStateException("bug")));
    }

    @Test
    void theCauseIsFoundAnywhereInTheChain() {
        Throwable wrapped = new PersistenceException("tx", new RuntimeException("jdbc", new SQLException("gone", "57P01")));
        assertTrue(DatabaseFailures.unreachableAnywhere(wrapped));
        assertFalse(DatabaseFailures.unreachableAnywhere(new PersistenceException("tx", new SQLException("dup", "23505"))));
        assertFalse(DatabaseFailures.unreachableAnywhere(new RuntimeException()));
    }

    @Test
    void aContainerManagedCommitThatFailsIsAnUnreachableDatabaseEvenWithoutTheDriversCause() {
        XAException lost = new XAException("Connection is closed");
        lost.errorCode = XAException.XAER_RMFAIL;
        Throwable atCommit = new EJBException("Unable to complete container-managed transaction.", new SystemException(lost.getMessage()));

        assertTrue(DatabaseFailures.unreachableAnywhere(atCommit));
        assertTrue(DatabaseFailures.unreachableAnywhere(new RuntimeException(lost)));
        assertTrue(Failures.classify(atCommit).status() == 503);
    }
}
