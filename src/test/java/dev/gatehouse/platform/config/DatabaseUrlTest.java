package dev.gatehouse.platform.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code DATABASE_URL} in every accepted form becomes a JDBC URL plus credentials, and never shows its password. */
class DatabaseUrlTest {

    @Test
    void postgresqlUrlWithCredentialsHostPortAndDatabase() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://gate:s3cret@db.example.com:5433/gatehouse");

        assertEquals("jdbc:postgresql://db.example.com:5433/gatehouse", url.jdbcUrl());
        assertEquals("gate", url.user());
        assertEquals("s3cret", url.password());
        assertEquals(DatabaseUrl.Kind.POSTGRESQL, url.kind());
    }

    @Test
    void postgresSchemeIsAcceptedToo() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://gate:pw@localhost/gatehouse");

        assertEquals("jdbc:postgresql://localhost/gatehouse", url.jdbcUrl());
        assertEquals("gate", url.user());
        assertEquals("pw", url.password());
        assertEquals(DatabaseUrl.Kind.POSTGRESQL, url.kind());
    }

    @Test
    void aUserWithoutPasswordLeavesThePasswordToTheDriver() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://postgres@127.0.0.1:5432/gh");

        assertEquals("jdbc:postgresql://127.0.0.1:5432/gh", url.jdbcUrl());
        assertEquals("postgres", url.user());
        assertNull(url.password());
    }

    @Test
    void noCredentialsAtAllLeavesBothToTheDriver() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://db:5432/gatehouse");

        assertNull(url.user());
        assertNull(url.password());
    }

    @Test
    void jdbcPostgresqlUrlHasItsCredentialsTakenOutOfTheQuery() {
        DatabaseUrl url = DatabaseUrl.parse(
                "jdbc:postgresql://db.example.com:5432/gatehouse?user=gate&password=p%40ss&sslmode=require");

        assertEquals("jdbc:postgresql://db.example.com:5432/gatehouse?sslmode=require", url.jdbcUrl());
        assertEquals("gate", url.user());
        assertEquals("p@ss", url.password());
        assertEquals(DatabaseUrl.Kind.POSTGRESQL, url.kind());
    }

    @Test
    void jdbcPostgresqlUrlWithOnlyCredentialsInTheQueryKeepsNoQuery() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://db/gatehouse?user=gate&password=pw");

        assertEquals("jdbc:postgresql://db/gatehouse", url.jdbcUrl());
        assertEquals("gate", url.user());
        assertEquals("pw", url.password());
    }

    @Test
    void otherQueryParametersArePassedThrough() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://gate:pw@db/gatehouse?sslmode=verify-full&connectTimeout=3");

        assertEquals("jdbc:postgresql://db/gatehouse?sslmode=verify-full&connectTimeout=3", url.jdbcUrl());
    }

    @Test
    void percentEncodedCredentialsAreDecoded() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://gate%2Bops:p%40ss%3Aw%2Fo%23rd%25@db:5432/gatehouse");

        assertEquals("gate+ops", url.user());
        assertEquals("p@ss:w/o#rd%", url.password());
        assertEquals("jdbc:postgresql://db:5432/gatehouse", url.jdbcUrl());
    }

    @Test
    void aPasswordMayContainAnUnencodedColon() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://gate:pass:word@db/gatehouse");

        assertEquals("gate", url.user());
        assertEquals("pass:word", url.password());
    }

    @Test
    void schemesAreCaseInsensitive() {
        assertEquals(DatabaseUrl.Kind.POSTGRESQL, DatabaseUrl.parse("PostgreSQL://db/gatehouse").kind());
        assertEquals(DatabaseUrl.Kind.POSTGRESQL, DatabaseUrl.parse("JDBC:postgresql://db/gatehouse").kind());
        assertEquals(DatabaseUrl.Kind.H2, DatabaseUrl.parse("JDBC:H2:mem:x").kind());
    }

    @Test
    void jdbcH2UrlIsUsedAsItIs() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:h2:file:/srv/gate/db;MODE=PostgreSQL");

        assertEquals("jdbc:h2:file:/srv/gate/db;MODE=PostgreSQL", url.jdbcUrl());
        assertEquals("sa", url.user());
        assertEquals("", url.password());
        assertEquals(DatabaseUrl.Kind.H2, url.kind());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t"})
    void unsetMeansTheEmbeddedH2FileDatabaseUnderData(String value) {
        DatabaseUrl url = DatabaseUrl.parse(value);

        String file = Path.of("data", "gatehouse").toAbsolutePath().toString();
        assertEquals("jdbc:h2:file:" + file + DatabaseUrl.H2_OPTIONS, url.jdbcUrl());
        assertTrue(url.jdbcUrl().contains(";MODE=PostgreSQL;"), url.jdbcUrl());
        assertEquals(DatabaseUrl.Kind.H2, url.kind());
        assertEquals(DatabaseUrl.embeddedDefault(), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "mysql://root:junk-secret-1@db/gatehouse",
        "junk-secret-2",
        "postgresql://user:junk-secret-3@/gatehouse",
        "postgresql://user:junk-secret-4@db",
        "postgresql://user:junk-secret-5@db/",
        "postgresql://user:junk secret 6@db/gatehouse",
        "jdbc:mysql://db/gatehouse?password=junk-secret-7",
        "jdbc:postgresql:gatehouse?password=junk-secret-8",
    })
    void junkIsRefusedWithAMessageThatDoesNotRepeatTheInput(String junk) {
        SettingsException e = assertThrows(SettingsException.class, () -> DatabaseUrl.parse(junk));

        assertEquals("DATABASE_URL is not a usable database URL: expected postgresql://user:pass@host:port/db, "
                + "jdbc:postgresql://host:port/db or jdbc:h2:..., or leave it unset for the embedded H2 database "
                + "under data/", e.getMessage());
        assertFalse(e.getMessage().contains("junk"), e.getMessage());
    }

    @Test
    void toStringNeverShowsThePasswordOfAnyForm() {
        String[] urls = {
            "postgresql://gate:pw-in-userinfo@db:5432/gatehouse",
            "postgres://gate:pw-in-userinfo@db/gatehouse?sslmode=require",
            "jdbc:postgresql://db/gatehouse?user=gate&password=pw-in-query&sslmode=require",
            "jdbc:postgresql://db/gatehouse?password=pw-in-query",
        };
        for (String value : urls) {
            DatabaseUrl url = DatabaseUrl.parse(value);

            assertFalse(url.toString().contains("pw-in"), url.toString());
            assertFalse(url.jdbcUrl().contains("pw-in"), url.jdbcUrl());
        }
    }

    @Test
    void toStringMasksAPasswordLeftInTheJdbcUrl() {
        DatabaseUrl url = new DatabaseUrl("jdbc:postgresql://db/gatehouse?ssl=true&PASSWORD=leaked&x=1", null, null,
                DatabaseUrl.Kind.POSTGRESQL);

        assertEquals("jdbc:postgresql://db/gatehouse?ssl=true&PASSWORD=***&x=1", url.toString());
    }

    @Test
    void toStringShowsWhereTheDataLives() {
        assertEquals("jdbc:postgresql://db:5432/gatehouse",
                DatabaseUrl.parse("postgresql://gate:pw@db:5432/gatehouse").toString());
    }
}
