/**
 * Failures and their one rendering as RFC 9457 problem documents, for JAX-RS mappers and servlet-level code alike.
 */
package dev.gatehouse.platform.problem;
