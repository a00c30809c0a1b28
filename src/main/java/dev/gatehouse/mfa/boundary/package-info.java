/** {@code /api/auth/mfa/totp} and {@code /api/users/{id}/mfa} over HTTP, and their wire records. */
package dev.gatehouse.mfa.boundary;
