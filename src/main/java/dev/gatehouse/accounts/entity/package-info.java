/** The {@code users} and {@code login_throttle} tables, with the rules each row guards. */
package dev.gatehouse.accounts.entity;
