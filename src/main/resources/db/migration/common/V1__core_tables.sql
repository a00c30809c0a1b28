-- Core tables shared by PostgreSQL and H2 (PostgreSQL mode): users, sessions, activity log, login throttle.
CREATE TABLE users (
    id             UUID PRIMARY KEY,
    email          VARCHAR(320) NOT NULL,
    password_hash  VARCHAR(60)  NOT NULL,
    role           VARCHAR(16)  NOT NULL,
    is_active      BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    deleted_at     TIMESTAMP WITH TIME ZONE,
    version        BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT users_role_check CHECK (role IN ('admin', 'manager', 'user', 'guest')),
    CONSTRAINT users_email_lower_check CHECK (email = LOWER(email))
);
-- Newest-first keyset pages: ORDER BY created_at DESC, id DESC.
CREATE INDEX users_created_id_idx ON users (created_at DESC, id DESC);

CREATE TABLE sessions (
    id                  UUID PRIMARY KEY,
    user_id             UUID NOT NULL REFERENCES users (id),
    refresh_token_hash  VARCHAR(64) NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at          TIMESTAMP WITH TIME ZONE,
    revoke_reason       VARCHAR(32),
    ip_address          VARCHAR(45),
    user_agent          VARCHAR(512)
);
-- A user's sessions, newest first (session lists, logout-all, revocation on delete).
CREATE INDEX sessions_user_created_idx ON sessions (user_id, created_at DESC, id DESC);

CREATE TABLE activity_logs (
    id          UUID PRIMARY KEY,
    user_id     UUID,
    action      VARCHAR(64)   NOT NULL,
    ip_address  VARCHAR(45),
    user_agent  VARCHAR(512),
    details     VARCHAR(4000) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
-- The three query shapes of GET /api/activity: everyone, by user, by action; each newest first.
CREATE INDEX activity_created_idx ON activity_logs (created_at DESC, id DESC);
CREATE INDEX activity_user_created_idx ON activity_logs (user_id, created_at DESC, id DESC);
CREATE INDEX activity_action_created_idx ON activity_logs (action, created_at DESC, id DESC);

CREATE TABLE login_throttle (
    email_key          VARCHAR(64) PRIMARY KEY,
    failures           INTEGER NOT NULL,
    window_started_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
