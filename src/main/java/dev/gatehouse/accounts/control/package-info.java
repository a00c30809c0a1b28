/**
 * Account rules and transactions: users, passwords, the login throttle, and the events through
 * which an account change reaches the components that depend on accounts.
 */
package dev.gatehouse.accounts.control;
