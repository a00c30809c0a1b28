/**
 * One Gatehouse on many nodes: a change that ends or narrows access is announced with PostgreSQL's
 * {@code NOTIFY} in its own transaction, and every node {@code LISTEN}s on one connection of its
 * own, so what a node caches of the shared state goes stale everywhere at once. No home-made
 * protocol; on H2 (one node) there is no channel and none is needed.
 */
package dev.gatehouse.platform.cluster;
