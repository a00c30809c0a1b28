/** {@code /api/users} and {@code /api/auth/register} over HTTP, and their wire records. */
package dev.gatehouse.accounts.boundary;
