package dev.gatehouse.accounts.control;

/**
 * What a login needs to check a password: the account and its bcrypt hash. Only services hold
 * one; the hash never reaches a response or a log line.
 *
 * @param account the account
 * @param passwordHash its current bcrypt hash
 */
public record Credentials(Account account, String passwordHash) {
}
