-- Account recovery and email verification (issue 15): the verified flag, single-use account tokens (hashes only) and the mail outbox.
ALTER TABLE users ADD COLUMN email_verified BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE account_tokens (
    id             UUID PRIMARY KEY,
    user_id        UUID         NOT NULL REFERENCES users (id),
    purpose        VARCHAR(32)  NOT NULL,
    -- SHA-256 (hex) of the token mailed: the token itself is never stored.
    token_hash     VARCHAR(64)  NOT NULL,
    -- The address the token was mailed to; a verification token proves only this address.
    email          VARCHAR(320) NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at        TIMESTAMP WITH TIME ZONE,
    revoked_at     TIMESTAMP WITH TIME ZONE,
    revoke_reason  VARCHAR(32),
    CONSTRAINT account_tokens_purpose_check CHECK (purpose IN ('password_reset', 'email_verification'))
);
CREATE UNIQUE INDEX account_tokens_hash_key ON account_tokens (token_hash);
-- A user's live tokens of one purpose (supersede, kill on password or email change).
CREATE INDEX account_tokens_user_idx ON account_tokens (user_id, purpose);
-- Mails sent to one address in the last hour (PASSWORD_RESET_MAX_PER_HOUR).
CREATE INDEX account_tokens_email_created_idx ON account_tokens (email, purpose, created_at);

CREATE TABLE mail_outbox (
    id               UUID PRIMARY KEY,
    kind             VARCHAR(32)  NOT NULL,
    recipient        VARCHAR(320) NOT NULL,
    -- Subject and bodies, AES-256-GCM under a key derived from SECRET_KEY, bound to the row id;
    -- NULL once the mail is delivered or has failed for good.
    sealed_body      VARCHAR(100000),
    status           VARCHAR(16)  NOT NULL,
    attempts         INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at      TIMESTAMP WITH TIME ZONE,
    last_error       VARCHAR(255),
    CONSTRAINT mail_outbox_status_check CHECK (status IN ('pending', 'sent', 'failed'))
);
-- The sender's claim: pending rows that are due, oldest first.
CREATE INDEX mail_outbox_due_idx ON mail_outbox (status, next_attempt_at);
