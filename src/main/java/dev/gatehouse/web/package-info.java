/**
 * Servlet-level request handling that must happen for every request before JAX-RS: request ids,
 * security headers, the body size limit, and problem documents for errors outside JAX-RS.
 */
package dev.gatehouse.web;
