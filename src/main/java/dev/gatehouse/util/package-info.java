/** The few helpers that several layers truly share: request ids, client addresses, cursors. */
package dev.gatehouse.util;
