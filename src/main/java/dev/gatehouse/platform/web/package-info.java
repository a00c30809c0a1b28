/**
 * Servlet-level helpers: security headers, the client address behind trusted proxies, the body size limit and request ids.
 */
package dev.gatehouse.platform.web;
