-- Signing keys of the asymmetric JWT algorithms: the public part as a JWK, the private part sealed (AES-GCM) under a key derived from SECRET_KEY.
CREATE TABLE signing_keys (
    id              UUID PRIMARY KEY,
    algorithm       VARCHAR(16)   NOT NULL,
    public_jwk      VARCHAR(4000) NOT NULL,
    private_jwk     VARCHAR(8000) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    activates_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    deactivates_at  TIMESTAMP WITH TIME ZONE,
    retires_at      TIMESTAMP WITH TIME ZONE
);
-- GET /api/signing-keys pages newest first.
CREATE INDEX signing_keys_created_idx ON signing_keys (created_at DESC, id DESC);

-- The one row a rotation locks (SELECT ... FOR UPDATE), so one node of a cluster rotates at a time.
CREATE TABLE signing_key_lock (
    id  INTEGER PRIMARY KEY
);
INSERT INTO signing_key_lock (id) VALUES (1);
