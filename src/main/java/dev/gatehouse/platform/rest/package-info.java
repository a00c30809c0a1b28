/**
 * The JAX-RS plumbing every resource shares: the strict JSON body reader, response naming, parameter parsing and request timing.
 */
package dev.gatehouse.platform.rest;
