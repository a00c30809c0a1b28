/**
 * Who is calling: the bearer authentication mechanism, access and refresh token codecs, password
 * hashing and the cache of session liveness that makes revocation immediate on this node.
 */
package dev.gatehouse.security;
