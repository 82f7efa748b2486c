/**
 * The embedded store: one SQLite file in WAL mode. Conversations and events live in two tables;
 * every list, count and page is answered from an index (no request scans a whole history).
 * `synchronous = NORMAL` in WAL mode survives a killed process (commits are in the OS before the
 * call returns); only a power loss can drop the last transactions.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ConversationEvent } from '../../events/index.js';
import type {
  AppendOptions,
  ConversationChanges,
  ConversationQuery,
  ConversationRef,
  ConversationRow,
  ConversationSearch,
  ConversationStore,
  EventFilter,
  EventSearch,
  Page,
  StoredEvent,
} from '../types.js';
import { migrate } from './migrations.js';

interface ConversationRecordRow {
  rowid: number;
  id: string;
  created_at: string;
  updated_at: string;
  status: string;
  title: string | null;
  owner: string | null;
  record: string;
  last_event_timestamp: string | null;
  event_count: number;
  revision: number;
}

const SORT_COLUMNS = {
  CREATED_AT: { column: 'created_at', descending: false },
  CREATED_AT_DESC: { column: 'created_at', descending: true },
  UPDATED_AT: { column: 'updated_at', descending: false },
  UPDATED_AT_DESC: { column: 'updated_at', descending: true },
} as const;

function toRow(record: ConversationRecordRow): ConversationRow {
  return {
    id: record.id,
    createdAt: record.created_at,
    updatedAt: record.updated_at,
    status: record.status,
    title: record.title,
    owner: record.owner,
    record: record.record,
    lastEventTimestamp: record.last_event_timestamp,
    eventCount: record.event_count,
    revision: record.revision,
  };
}

export class SqliteStore implements ConversationStore {
  private readonly db: Database.Database;
  private readonly statements;
  /** Conversation hex id -> rowid, the events table's key. */
  private readonly rowids = new Map<string, number>();

  constructor(filename: string) {
    if (filename !== ':memory:') mkdirSync(path.dirname(filename), { recursive: true });
    this.db = new Database(filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    migrate(this.db);
    this.statements = {
      insertConversation: this.db.prepare(
        `INSERT INTO conversations (id, created_at, updated_at, status, title, owner, record, last_event_timestamp, event_count)
         VALUES (@id, @createdAt, @updatedAt, @status, @title, @owner, @record, @lastEventTimestamp, @eventCount)`,
      ),
      getConversation: this.db.prepare('SELECT rowid, * FROM conversations WHERE id = ?'),
      deleteConversation: this.db.prepare('DELETE FROM conversations WHERE rowid = ?'),
      deleteEvents: this.db.prepare('DELETE FROM events WHERE conversation = ?'),
      listIds: this.db.prepare('SELECT id FROM conversations ORDER BY rowid').pluck(),
      insertEvent: this.db.prepare(
        `INSERT INTO events (conversation, seq, id, kind, source, timestamp, search_text, body)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      getEvent: this.db.prepare('SELECT body FROM events WHERE conversation = ? AND id = ?').pluck(),
      eventSeq: this.db.prepare('SELECT seq FROM events WHERE conversation = ? AND id = ?').pluck(),
      eventsAfter: this.db.prepare('SELECT seq, body FROM events WHERE conversation = ? AND seq > ? ORDER BY seq LIMIT ?'),
    };
  }

  /** Dynamic SQL (filters, sort orders) has a handful of shapes; compile each shape once. */
  private readonly cache = new Map<string, Database.Statement>();

  private prepare(sql: string): Database.Statement {
    let statement = this.cache.get(sql);
    if (!statement) this.cache.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  private rowidOf(conversationId: string): number | undefined {
    let rowid = this.rowids.get(conversationId);
    if (rowid === undefined) {
      const record = this.statements.getConversation.get(conversationId) as ConversationRecordRow | undefined;
      if (!record) return undefined;
      rowid = record.rowid;
      this.rowids.set(conversationId, rowid);
    }
    return rowid;
  }

  insertConversation(row: ConversationRow): void {
    const result = this.statements.insertConversation.run(row);
    this.rowids.set(row.id, Number(result.lastInsertRowid));
  }

  getConversation(id: string): ConversationRow | undefined {
    const record = this.statements.getConversation.get(id) as ConversationRecordRow | undefined;
    return record ? toRow(record) : undefined;
  }

  updateConversation(id: string, changes: ConversationChanges): void {
    const assignments: string[] = [];
    const values: unknown[] = [];
    const columns: [keyof ConversationChanges, string][] = [
      ['updatedAt', 'updated_at'], ['status', 'status'], ['title', 'title'], ['record', 'record'],
    ];
    for (const [key, column] of columns) {
      if (changes[key] === undefined) continue;
      assignments.push(`${column} = ?`);
      values.push(changes[key]);
    }
    if (assignments.length === 0) return;
    this.prepare(`UPDATE conversations SET ${assignments.join(', ')}, revision = revision + 1 WHERE id = ?`).run(...values, id);
  }

  deleteConversation(id: string): boolean {
    const rowid = this.rowidOf(id);
    if (rowid === undefined) return false;
    this.db.transaction(() => {
      this.statements.deleteEvents.run(rowid);
      this.statements.deleteConversation.run(rowid);
    })();
    this.rowids.delete(id);
    return true;
  }

  private conversationWhere(query: ConversationQuery): { clauses: string[]; values: unknown[] } {
    const clauses: string[] = [];
    const values: unknown[] = [];
    if (query.status !== undefined) {
      clauses.push('status = ?');
      values.push(query.status);
    }
    if (query.owner !== undefined) {
      clauses.push(query.owner === null ? 'owner IS NULL' : 'owner = ?');
      if (query.owner !== null) values.push(query.owner);
    }
    return { clauses, values };
  }

  searchConversations(search: ConversationSearch): Page<ConversationRow> {
    const page = this.conversationPage<ConversationRecordRow>(search, 'rowid, *');
    return { items: page.items.map(toRow), nextPageId: page.nextPageId };
  }

  searchConversationRefs(search: ConversationSearch): Page<ConversationRef> {
    return this.conversationPage<ConversationRef>(search, 'id, revision');
  }

  getConversations(ids: readonly string[]): ConversationRow[] {
    if (ids.length === 0) return [];
    const records = this.prepare(`SELECT rowid, * FROM conversations WHERE id IN (${ids.map(() => '?').join(', ')})`).all(...ids) as ConversationRecordRow[];
    return records.map(toRow);
  }

  /** One page in the requested order; `columns` must include `id`. */
  private conversationPage<T extends { id: string }>(search: ConversationSearch, columns: string): Page<T> {
    const { column, descending } = SORT_COLUMNS[search.sortOrder];
    const { clauses, values } = this.conversationWhere(search);
    // api.md 5.1: a stable sort, so ties keep creation order (rowid ascending) in both directions.
    if (search.pageId !== undefined) {
      const cursor = this
        .prepare(`SELECT rowid, ${column} AS key FROM conversations WHERE id = ?${clauses.length ? ` AND ${clauses.join(' AND ')}` : ''}`)
        .get(search.pageId, ...values) as { rowid: number; key: string } | undefined;
      if (cursor) {
        // Written as a range plus a filter rather than an OR, which SQLite would answer with a
        // full index scan: from the cursor on, minus the cursor's ties created before it.
        clauses.push(`${column} ${descending ? '<=' : '>='} ? AND NOT (${column} = ? AND rowid < ?)`);
        values.push(cursor.key, cursor.key, cursor.rowid);
      }
    }
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    const rows = this
      .prepare(`SELECT ${columns} FROM conversations ${where} ORDER BY ${column} ${descending ? 'DESC' : 'ASC'}, rowid ASC LIMIT ?`)
      .all(...values, search.limit + 1) as T[];
    const nextPageId = rows.length > search.limit ? rows[search.limit].id : null;
    return { items: rows.slice(0, search.limit), nextPageId };
  }

  countConversations(query: ConversationQuery): number {
    const { clauses, values } = this.conversationWhere(query);
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    return this.prepare(`SELECT count(*) FROM conversations ${where}`).pluck().get(...values) as number;
  }

  listConversationIds(): string[] {
    return this.statements.listIds.all() as string[];
  }

  appendEvent(conversationId: string, event: ConversationEvent, options: AppendOptions): number {
    const rowid = this.rowidOf(conversationId);
    if (rowid === undefined) throw new Error(`conversation ${conversationId} is not stored`);
    return this.db.transaction(() => {
      const current = this
        .prepare('SELECT event_count FROM conversations WHERE rowid = ?')
        .pluck()
        .get(rowid) as number;
      const seq = current;
      this.statements.insertEvent.run(rowid, seq, event.id, event.kind, event.source, event.timestamp, options.searchText, JSON.stringify(event));
      const assignments = ['event_count = event_count + 1', 'last_event_timestamp = ?', 'revision = revision + 1'];
      const values: unknown[] = [event.timestamp];
      const { changes } = options;
      if (changes.updatedAt !== undefined) { assignments.push('updated_at = ?'); values.push(changes.updatedAt); }
      if (changes.status !== undefined) { assignments.push('status = ?'); values.push(changes.status); }
      if (changes.title !== undefined) { assignments.push('title = ?'); values.push(changes.title); }
      if (changes.record !== undefined) { assignments.push('record = ?'); values.push(changes.record); }
      this.prepare(`UPDATE conversations SET ${assignments.join(', ')} WHERE rowid = ?`).run(...values, rowid);
      return seq;
    })();
  }

  getEvent(conversationId: string, eventId: string): ConversationEvent | undefined {
    const rowid = this.rowidOf(conversationId);
    if (rowid === undefined) return undefined;
    const body = this.statements.getEvent.get(rowid, eventId) as string | undefined;
    return body === undefined ? undefined : (JSON.parse(body) as ConversationEvent);
  }

  eventSeq(conversationId: string, eventId: string): number | undefined {
    const rowid = this.rowidOf(conversationId);
    if (rowid === undefined) return undefined;
    return this.statements.eventSeq.get(rowid, eventId) as number | undefined;
  }

  private eventWhere(rowid: number, filter: EventFilter): { clauses: string[]; values: unknown[] } {
    const clauses = ['conversation = ?'];
    const values: unknown[] = [rowid];
    if (filter.kind !== undefined) { clauses.push('kind = ?'); values.push(filter.kind); }
    if (filter.source !== undefined) { clauses.push('source = ?'); values.push(filter.source); }
    if (filter.body !== undefined) { clauses.push('search_text IS NOT NULL AND instr(search_text, ?) > 0'); values.push(filter.body); }
    if (filter.timestampGte !== undefined) { clauses.push('timestamp >= ?'); values.push(filter.timestampGte); }
    if (filter.timestampLt !== undefined) { clauses.push('timestamp < ?'); values.push(filter.timestampLt); }
    return { clauses, values };
  }

  searchEvents(conversationId: string, search: EventSearch): Page<ConversationEvent> {
    const rowid = this.rowidOf(conversationId);
    if (rowid === undefined) return { items: [], nextPageId: null };
    const descending = search.sortOrder === 'TIMESTAMP_DESC';
    const { clauses, values } = this.eventWhere(rowid, search);
    if (search.pageId !== undefined) {
      // api.md 1.6: the cursor is the first item of the page, looked up among the events that match
      // the filters, so an unknown cursor or one the filters exclude restarts from the top. The id
      // keeps it a point lookup (unique index on conversation, id); the filters check that one row.
      const cursorSeq = this
        .prepare(`SELECT seq FROM events WHERE ${clauses.join(' AND ')} AND id = ?`)
        .pluck()
        .get(...values, search.pageId) as number | undefined;
      if (cursorSeq !== undefined) {
        clauses.push(descending ? 'seq <= ?' : 'seq >= ?');
        values.push(cursorSeq);
      }
    }
    const rows = this
      .prepare(`SELECT id, body FROM events WHERE ${clauses.join(' AND ')} ORDER BY seq ${descending ? 'DESC' : 'ASC'} LIMIT ?`)
      .all(...values, search.limit + 1) as { id: string; body: string }[];
    const nextPageId = rows.length > search.limit ? rows[search.limit].id : null;
    return { items: rows.slice(0, search.limit).map((row) => JSON.parse(row.body) as ConversationEvent), nextPageId };
  }

  countEvents(conversationId: string, filter: EventFilter): number {
    const rowid = this.rowidOf(conversationId);
    if (rowid === undefined) return 0;
    const { clauses, values } = this.eventWhere(rowid, filter);
    return this.prepare(`SELECT count(*) FROM events WHERE ${clauses.join(' AND ')}`).pluck().get(...values) as number;
  }

  readEventsAfter(conversationId: string, afterSeq: number, limit: number): StoredEvent[] {
    const rowid = this.rowidOf(conversationId);
    if (rowid === undefined) return [];
    const rows = this.statements.eventsAfter.all(rowid, afterSeq, limit) as { seq: number; body: string }[];
    return rows.map((row) => ({ seq: row.seq, event: JSON.parse(row.body) as ConversationEvent }));
  }

  *iterateEvents(conversationId: string, pageSize = 500): Iterable<StoredEvent> {
    let after = -1;
    for (;;) {
      const page = this.readEventsAfter(conversationId, after, pageSize);
      yield* page;
      if (page.length < pageSize) return;
      after = page[page.length - 1].seq;
    }
  }

  close(): void {
    this.db.close();
  }
}
