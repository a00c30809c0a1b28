/**
 * What operators and their tools read: health ({@code /api/health/live}, {@code /api/health/ready}),
 * the OpenAPI document ({@code /openapi}, generated at build time) and the API reference page
 * ({@code /docs}). Uses only the platform.
 */
package dev.gatehouse.operations;
