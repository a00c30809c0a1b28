/**
 * Typed settings read once from the environment, system properties and {@code .env}, validated at boot with one clear line per mistake.
 */
package dev.gatehouse.platform.config;
