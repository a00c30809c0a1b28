/**
 * The figures operators watch, through MicroProfile Metrics when the server has it.
 */
package dev.gatehouse.platform.metrics;
