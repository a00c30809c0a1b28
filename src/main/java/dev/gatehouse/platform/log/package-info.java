/**
 * The operators' log ({@code LOG_DIR/info.log}) and the request id on every line.
 */
package dev.gatehouse.platform.log;
