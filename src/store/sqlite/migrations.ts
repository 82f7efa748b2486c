/**
 * Schema migrations, applied in order at open. `user_version` records how many have run, so a
 * data directory written by an older build is upgraded in place and never rewritten from scratch.
 */
import type Database from 'better-sqlite3';

const MIGRATIONS: string[] = [
  `CREATE TABLE conversations (
     rowid INTEGER PRIMARY KEY,
     id TEXT NOT NULL UNIQUE,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     status TEXT NOT NULL,
     title TEXT,
     owner TEXT,
     record TEXT NOT NULL,
     last_event_timestamp TEXT,
     event_count INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX conversations_by_created ON conversations (created_at, rowid);
   CREATE INDEX conversations_by_created_desc ON conversations (created_at DESC, rowid ASC);
   CREATE INDEX conversations_by_updated ON conversations (updated_at, rowid);
   CREATE INDEX conversations_by_updated_desc ON conversations (updated_at DESC, rowid ASC);
   CREATE INDEX conversations_by_status ON conversations (status, created_at);
   CREATE TABLE events (
     conversation INTEGER NOT NULL,
     seq INTEGER NOT NULL,
     id TEXT NOT NULL,
     kind TEXT NOT NULL,
     source TEXT NOT NULL,
     timestamp TEXT NOT NULL,
     search_text TEXT,
     body TEXT NOT NULL,
     PRIMARY KEY (conversation, seq)
   ) WITHOUT ROWID;
   CREATE UNIQUE INDEX events_by_id ON events (conversation, id);
   CREATE INDEX events_by_kind ON events (conversation, kind, seq);
   CREATE INDEX events_by_timestamp ON events (conversation, timestamp);`,
  // Bumped by every change of a conversation row, so a serialized ConversationInfo can be reused
  // until the row changes (search pages).
  `ALTER TABLE conversations ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;`,
];

export function migrate(db: Database.Database): void {
  const applied = db.pragma('user_version', { simple: true }) as number;
  for (let index = applied; index < MIGRATIONS.length; index++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[index]);
      db.pragma(`user_version = ${index + 1}`);
    })();
  }
}
