/**
 * Mail that is never lost: the transactional outbox (a mail is a row written in its event's
 * transaction), the templates, the SMTP session built from the settings, and the background sender
 * that claims due rows with {@code FOR UPDATE SKIP LOCKED}, retries with exponential backoff and
 * gives up after a bounded number of attempts. Uses only {@code platform}.
 */
package dev.gatehouse.mail.control;
