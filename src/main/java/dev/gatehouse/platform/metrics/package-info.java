/**
 * The figures operators watch, recorded with Micrometer and exposed in Prometheus text at
 * {@code /metrics}, with the same names on every runtime.
 */
package dev.gatehouse.platform.metrics;
