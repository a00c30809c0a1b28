/**
 * The edge of every request before JAX-RS: CORS, rate limits, the body size limit, and problem
 * documents for errors the container raises outside JAX-RS.
 */
package dev.gatehouse.edge;
