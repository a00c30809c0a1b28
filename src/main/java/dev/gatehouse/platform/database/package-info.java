/**
 * The data source (a HikariCP pool sized from the environment), Flyway migrations run before JPA, keyset paging, the clock at database precision, and the classification of database outages.
 */
package dev.gatehouse.platform.database;
