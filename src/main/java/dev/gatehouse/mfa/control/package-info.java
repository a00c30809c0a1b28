/**
 * Two-factor authentication rules and transactions: RFC 6238 codes, enrolment, confirmation,
 * removal and admin reset of TOTP, recovery codes, and the second step of a login.
 */
package dev.gatehouse.mfa.control;
