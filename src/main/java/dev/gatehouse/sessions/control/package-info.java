/**
 * Sessions and the authentication use cases: login, refresh (rotation and reuse detection),
 * logout, password change, and the node's cache of session states behind the bearer check.
 */
package dev.gatehouse.sessions.control;
