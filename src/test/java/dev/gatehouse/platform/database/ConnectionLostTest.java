package dev.gatehouse.platform.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A reporting connection over a real (H2) connection: ordinary SQL errors pass as they are; an error
 * after which the connection is closed, from the connection, a statement or a result set, becomes
 * {@link ConnectionLost}, which the failure classifier reads as an unreachable database.
 */
class ConnectionLostTest {

    private Connection raw;
    private Connection reporting;

    @BeforeEach
    void open() throws SQLException {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:lost-" + System.nanoTime());
        raw = h2.getConnection();
        reporting = ConnectionLost.reporting(raw);
    }

    @AfterEach
    void close() throws SQLException {
        raw.close();
    }

    @Test
    void anOrdinaryErrorOnALiveConnectionIsTheDriversOwn() throws SQLException {
        try (Statement statement = reporting.createStatement()) {
            Exception error = assertThrows(Exception.class, () -> statement.executeQuery("SELECT * FROM missing"));
            assertInstanceOf(SQLException.class, error);
        }
        assertFalse(reporting.isClosed());
    }

    @Test
    void aStatementOfAConnectionThatBrokeReportsTheLoss() throws SQLException {
        PreparedStatement statement = reporting.prepareStatement("SELECT 1");
        raw.close();

        ConnectionLost lost = assertThrows(ConnectionLost.class, statement::executeQuery);

        assertInstanceOf(SQLException.class, lost.getCause());
        assertTrue(DatabaseFailures.unreachableAnywhere(new SQLException("Error", lost)));
    }

    @Test
    void aResultSetAndTheConnectionItselfReportTheLossToo() throws SQLException {
        Statement statement = reporting.createStatement();
        ResultSet rows = statement.executeQuery("SELECT 1");
        raw.close();

        assertThrows(ConnectionLost.class, rows::next);
        assertThrows(ConnectionLost.class, reporting::createStatement);
    }

    @Test
    void valuesPassThroughAndProxiesHaveIdentity() throws SQLException {
        try (Statement statement = reporting.createStatement(); ResultSet rows = statement.executeQuery("SELECT 41 + 1")) {
            assertTrue(rows.next());
            assertEquals(42, rows.getInt(1));
        }
        Connection other = ConnectionLost.reporting(raw);
        assertEquals(reporting, reporting);
        assertNotEquals(reporting, other);
        assertEquals(System.identityHashCode(reporting), reporting.hashCode());
    }
}
