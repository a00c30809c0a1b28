-- Keyset pages of GET /api/users?role=...: a rare role would otherwise walk the whole created_at index.
CREATE INDEX users_role_created_idx ON users (role, created_at DESC, id DESC);
