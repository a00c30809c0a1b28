-- Two-factor authentication (issue 16): the TOTP credential (secrets sealed), recovery codes and login challenges (hashes only), and the authentication methods of each session.
ALTER TABLE users ADD COLUMN mfa_enabled BOOLEAN NOT NULL DEFAULT FALSE;

-- RFC 8176 methods the session was opened with, space-separated ('pwd', 'pwd otp'): a refresh keeps them.
ALTER TABLE sessions ADD COLUMN amr VARCHAR(32) NOT NULL DEFAULT 'pwd';

CREATE TABLE totp_credentials (
    user_id         UUID PRIMARY KEY REFERENCES users (id),
    -- The base32 secret in use, AES-256-GCM under a key derived from SECRET_KEY (purpose 'totp'),
    -- bound to the user id, base64; NULL until an enrolment is confirmed.
    sealed_secret   VARCHAR(255),
    -- A secret handed out by POST /api/auth/mfa/totp and not yet confirmed, sealed the same way.
    pending_secret  VARCHAR(255),
    pending_since   TIMESTAMP WITH TIME ZONE,
    enabled_at      TIMESTAMP WITH TIME ZONE,
    -- The RFC 6238 time step of the last accepted code: only later steps are accepted (no replay).
    last_used_step  BIGINT
);

CREATE TABLE recovery_codes (
    id          UUID PRIMARY KEY,
    user_id     UUID        NOT NULL REFERENCES users (id),
    -- SHA-256 (hex) of the user id and the normalised code: the code itself is never stored.
    code_hash   VARCHAR(64) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX recovery_codes_user_idx ON recovery_codes (user_id);

CREATE TABLE mfa_tokens (
    id              UUID PRIMARY KEY,
    user_id         UUID        NOT NULL REFERENCES users (id),
    -- SHA-256 (hex) of the mfa_token handed out by the first login step: the token is never stored.
    token_hash      VARCHAR(64) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    wrong_attempts  INTEGER     NOT NULL DEFAULT 0,
    used_at         TIMESTAMP WITH TIME ZONE
);
CREATE UNIQUE INDEX mfa_tokens_hash_key ON mfa_tokens (token_hash);
CREATE INDEX mfa_tokens_user_idx ON mfa_tokens (user_id);
