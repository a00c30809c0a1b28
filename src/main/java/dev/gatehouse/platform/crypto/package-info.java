/** Hashing and (later) authenticated encryption under keys derived from {@code SECRET_KEY}, written once for every component. */
package dev.gatehouse.platform.crypto;
