-- One live account per email; H2 has no partial indexes, so a generated column is NULL for deleted rows.
ALTER TABLE users ADD COLUMN email_live VARCHAR(320) GENERATED ALWAYS AS (CASE WHEN deleted_at IS NULL THEN email END);
CREATE UNIQUE INDEX users_email_live_key ON users (email_live);
