package dev.gatehouse.mfa.boundary;

import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * The answer to a confirmed enrolment: the recovery codes, shown this once (only hashes are kept).
 *
 * @param recoveryCodes ten codes such as {@code K7QX2-M4TPA}, each good for one login or removal
 */
public record RecoveryCodesView(@NotNull List<String> recoveryCodes) {
}
