/** The outbox row: one mail to deliver, its body sealed at rest, and its delivery state. */
package dev.gatehouse.mail.entity;
