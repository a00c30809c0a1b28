/** The {@code sessions} table: one row per login, holding only the hash of the current refresh token. */
package dev.gatehouse.sessions.entity;
