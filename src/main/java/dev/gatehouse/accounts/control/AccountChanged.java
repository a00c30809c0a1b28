package dev.gatehouse.accounts.control;

import java.util.UUID;

/**
 * A CDI event fired inside the transaction that changed an account (email, role, status, password,
 * second factor): whoever keeps a copy of account data (the node's session-state cache) drops it.
 *
 * @param userId the account that changed
 */
public record AccountChanged(UUID userId) {
}
