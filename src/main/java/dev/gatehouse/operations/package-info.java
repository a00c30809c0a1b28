/**
 * What operators and their tools read: health ({@code /api/health/live}, {@code /api/health/ready}),
 * the OpenAPI document ({@code /openapi}, generated at build time) and the API reference page
 * ({@code /docs}); and the addresses of the browser faces that are not files ({@code /console},
 * {@code /account} and the two pages the mails link to, {@link dev.gatehouse.operations.PageRoutes}).
 * Uses only the platform.
 */
package dev.gatehouse.operations;
