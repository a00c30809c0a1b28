/**
 * The one JSON-P provider and the snake_case naming of the wire.
 */
package dev.gatehouse.platform.json;
