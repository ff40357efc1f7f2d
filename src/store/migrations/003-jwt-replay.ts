import type { Migration } from './migration.ts';

// Token ids seen by any instance, kept until the token (plus clock skew) expires, so a JWT is
// accepted once across every instance sharing the store and across restarts.
export const jwtReplay: Migration = {
  version: 3,
  file: '003-jwt-replay.ts',
  name: 'jwt_replay: token ids seen, until they expire',
  sqlite: `
CREATE TABLE jwt_replay (
  key        TEXT PRIMARY KEY,
  expires_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX jwt_replay_expires_at ON jwt_replay (expires_at);
`,
  postgres: `
CREATE TABLE jwt_replay (
  key        TEXT PRIMARY KEY,
  expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX jwt_replay_expires_at ON jwt_replay (expires_at);
`,
};
