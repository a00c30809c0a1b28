/**
 * Typed settings read once from the environment, system properties and {@code .env}, validated at
 * boot; the database wiring, schema migration and first-admin bootstrap that must happen before
 * any request is served.
 */
package dev.gatehouse.config;
