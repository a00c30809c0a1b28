/**
 * Access tokens: issuing and verifying JWTs under the configured signing key, pinned to one
 * algorithm. Knows nothing of sessions; liveness is the sessions component's check.
 */
package dev.gatehouse.keys.control;
