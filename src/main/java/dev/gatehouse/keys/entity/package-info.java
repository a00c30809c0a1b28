/** The {@code signing_keys} table: key pairs Gatehouse made, their private parts sealed, and their life cycle. */
package dev.gatehouse.keys.entity;
