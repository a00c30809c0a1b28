package dev.gatehouse.sessions.control;

/**
 * What a login with the right password comes to: the tokens of a new session, or, when a second
 * factor guards the account, the {@code mfa_token} with which the client completes it.
 */
public sealed interface LoginStep permits IssuedTokens, SecondFactorRequired {
}
