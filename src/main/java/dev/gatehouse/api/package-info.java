/**
 * The REST boundary: JAX-RS resources (thin: HTTP to one service call and back), request and
 * response records, the strict JSON reader, and the mappers that turn every failure into
 * {@code application/problem+json}.
 */
package dev.gatehouse.api;
