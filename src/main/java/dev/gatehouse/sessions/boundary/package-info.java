/**
 * {@code /api/auth} (login, refresh, logout, me, password), {@code /api/sessions}, the bearer
 * authentication mechanism, and their wire records.
 */
package dev.gatehouse.sessions.boundary;
