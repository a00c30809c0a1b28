package dev.gatehouse.keys.control;

import dev.gatehouse.access.Role;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a verified access token says.
 *
 * @param userId the {@code sub} claim
 * @param email the {@code email} claim at issue time
 * @param role the {@code role} claim at issue time (the mechanism uses the current role instead)
 * @param sessionId the {@code sid} claim, which ties the token to a revocable session
 * @param tokenId the {@code jti} claim
 * @param issuedAt the {@code iat} claim
 * @param expiresAt the {@code exp} claim
 * @param amr the {@code amr} claim (RFC 8176): how the user authenticated; empty if absent
 */
public record AccessClaims(UUID userId, String email, Role role, UUID sessionId, String tokenId,
                           Instant issuedAt, Instant expiresAt, List<String> amr) {
}
