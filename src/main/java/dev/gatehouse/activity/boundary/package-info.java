/** {@code /api/activity}: the read side of the audit log over HTTP, and its wire records. */
package dev.gatehouse.activity.boundary;
