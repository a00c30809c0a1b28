/**
 * Who may do what: the four roles, the authenticated caller of a request and the fine-grained
 * access policy behind the coarse {@code @RolesAllowed}. Every component uses it; it uses only the
 * platform.
 */
package dev.gatehouse.access;
