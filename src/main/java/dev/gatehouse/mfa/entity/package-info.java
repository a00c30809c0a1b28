/**
 * The second factor's rows: the TOTP credential (secrets sealed, the last accepted time step),
 * recovery codes and the single-use tokens between the two steps of a login (hashes only), each
 * with the rules it guards.
 */
package dev.gatehouse.mfa.entity;
