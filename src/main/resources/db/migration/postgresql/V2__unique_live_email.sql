-- One live account per email (case is already folded): a partial unique index ignores deleted rows.
CREATE UNIQUE INDEX users_email_live_key ON users (email) WHERE deleted_at IS NULL;
