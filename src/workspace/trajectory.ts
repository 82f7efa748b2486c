/**
 * The trajectory archive of a conversation (api.md 9.3, layout of api.md 18.1): a zip holding
 * `<hex id>/meta.json`, `<hex id>/base_state.json` and `<hex id>/events/event-<index>-<id>.json`,
 * built in-process from the store (so, unlike the reference, it creates no bash records).
 *
 * Every JSON text goes through the redactor, string by string and then as a whole, so no secret
 * value known to the process can be in the archive even where JSON escaping changed its spelling.
 * Events are added a page at a time, and the next page only once the client has taken the
 * previous one, so a long conversation never sits in memory whole.
 */
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { ZipFile } from 'yazl';

export interface TrajectorySource {
  /** Hex id: the archive's folder name. */
  conversationId: string;
  meta: unknown;
  baseState: unknown;
  events: Iterable<{ id: string }>;
  redact: (text: string) => string;
}

const EVENTS_PER_PAGE = 100;

function redactedJson(value: unknown, redact: (text: string) => string): Buffer {
  const text = JSON.stringify(value, (_key, item: unknown) => (typeof item === 'string' ? redact(item) : item), 2);
  return Buffer.from(redact(text), 'utf8');
}

/** The event file name of api.md 18.4 (five digits, more from index 100000 on). */
export function eventFileName(index: number, eventId: string): string {
  return `event-${String(index).padStart(5, '0')}-${eventId}.json`;
}

export function trajectoryArchive(source: TrajectorySource): Readable {
  const zip = new ZipFile();
  const output = zip.outputStream as Readable;
  const folder = source.conversationId;
  const mtime = new Date();
  zip.addBuffer(redactedJson(source.meta, source.redact), `${folder}/meta.json`, { mtime });
  zip.addBuffer(redactedJson(source.baseState, source.redact), `${folder}/base_state.json`, { mtime });
  addEvents(zip, output, source, mtime).then(
    () => zip.end(),
    (error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  return output;
}

async function addEvents(zip: ZipFile, output: Readable, source: TrajectorySource, mtime: Date): Promise<void> {
  const outputGone = once(output, 'close').then(() => 'gone' as const);
  const events = source.events[Symbol.iterator]();
  let index = 0;
  for (;;) {
    const page: { id: string }[] = [];
    for (let next = events.next(); !next.done; next = events.next()) {
      page.push(next.value);
      if (page.length === EVENTS_PER_PAGE) break;
    }
    if (page.length === 0) return;
    // yazl asks for an entry's bytes only when the entries before it have been written out.
    let lastTaken!: () => void;
    const pageTaken = new Promise<'taken'>((resolve) => (lastTaken = () => resolve('taken')));
    page.forEach((event, position) => {
      const bytes = redactedJson(event, source.redact);
      zip.addReadStreamLazy(`${source.conversationId}/events/${eventFileName(index++, event.id)}`, { mtime }, (callback) => {
        callback(null, Readable.from([bytes]));
        if (position === page.length - 1) lastTaken();
      });
    });
    if (page.length < EVENTS_PER_PAGE) return;
    if ((await Promise.race([pageTaken, outputGone])) === 'gone') return;
  }
}
