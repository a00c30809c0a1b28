/**
 * The composition root: the JAX-RS application, its OpenAPI contract filter, health checks and the boot sequence (data source definition, first admin). The only package that knows every component.
 */
package dev.gatehouse.app;
