/**
 * Business rules and transactions: one {@code @Stateless} EJB per use-case family, each the only
 * writer of its tables, and the small family of exceptions that carry a status and a contract
 * {@code detail} to the mappers.
 */
package dev.gatehouse.service;
