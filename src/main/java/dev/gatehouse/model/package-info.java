/**
 * JPA entities and their rules: users, sessions, the activity log and login-throttle state. Entities
 * never leave the service layer; they guard their own invariants through named operations.
 */
package dev.gatehouse.model;
