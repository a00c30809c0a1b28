/** The append-only {@code activity_logs} table and the actions it records. */
package dev.gatehouse.activity.entity;
