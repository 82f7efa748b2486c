/**
 * Bash records (api.md 8.1): the `BashCommand` that starts a command and the `BashOutput`s it
 * produces. The JSON built here is the product: it is stored as the record file, served by the
 * REST routes and sent on the bash socket unchanged. Also the record file names (api.md 18.5),
 * which are the search order and the paging cursor (api.md 8.5).
 */
import { Type, type Static } from '@sinclair/typebox';
import { Nullable, StringEnum } from '../../models/index.js';
import { epochMillisOf, parseDateTimeText } from '../../shared/date-time-text.js';

const requestProperties = {
  command: Type.String({ title: 'Command', description: 'The bash command to execute' }),
  cwd: Type.Optional(Nullable(Type.String(), { title: 'Cwd', description: 'The current working directory' })),
  timeout: Type.Optional(Type.Integer({ title: 'Timeout', description: 'The max number of seconds a command may be permitted to run.', default: 300 })),
};

export const ExecuteBashRequestSchema = Type.Object(requestProperties, { title: 'ExecuteBashRequest' });
export type ExecuteBashRequest = Static<typeof ExecuteBashRequestSchema>;

export const BashCommandSchema = Type.Object(
  {
    ...requestProperties,
    kind: Type.Literal('BashCommand', { title: 'Kind', default: 'BashCommand' }),
    id: Type.String({ title: 'Id' }),
    timestamp: Type.String({ format: 'date-time', title: 'Timestamp' }),
  },
  { title: 'BashCommand' },
);

export const BashOutputSchema = Type.Object(
  {
    kind: Type.Literal('BashOutput', { title: 'Kind', default: 'BashOutput' }),
    id: Type.String({ title: 'Id' }),
    timestamp: Type.String({ format: 'date-time', title: 'Timestamp' }),
    command_id: Type.String({ title: 'Command Id' }),
    order: Type.Integer({ title: 'Order', description: 'The order for this output, sequentially starting with 0', default: 0 }),
    exit_code: Nullable(Type.Integer(), { title: 'Exit Code', description: 'Exit code None implies the command is still running.' }),
    stdout: Nullable(Type.String(), { title: 'Stdout', description: 'The standard output from the command' }),
    stderr: Nullable(Type.String(), { title: 'Stderr', description: 'The error output from the command' }),
  },
  { title: 'BashOutput' },
);

export const BashRecordSchema = Type.Union([BashCommandSchema, BashOutputSchema], { title: 'BashEventBase' });

export const BashEventPageSchema = Type.Object(
  {
    items: Type.Array(BashRecordSchema, { title: 'Items' }),
    next_page_id: Type.Optional(Nullable(Type.String(), { title: 'Next Page Id' })),
  },
  { title: 'BashEventPage' },
);

export const BashEventSortOrderSchema = StringEnum(['TIMESTAMP', 'TIMESTAMP_DESC'] as const, { title: 'BashEventSortOrder' });
export type BashEventSortOrder = Static<typeof BashEventSortOrderSchema>;

export const BASH_RECORD_KINDS = ['BashCommand', 'BashOutput'] as const;
export type BashRecordKind = (typeof BASH_RECORD_KINDS)[number];

export interface BashCommand {
  command: string;
  cwd: string | null;
  timeout: number;
  kind: 'BashCommand';
  id: string;
  timestamp: string;
}

export interface BashOutput {
  kind: 'BashOutput';
  id: string;
  timestamp: string;
  command_id: string;
  order: number;
  exit_code: number | null;
  stdout: string | null;
  stderr: string | null;
}

export type BashRecord = BashCommand | BashOutput;

export const DEFAULT_TIMEOUT_SECONDS = 300;

/**
 * A socket message as an ExecuteBashRequest (api.md 12.2), or null when it is not one. The HTTP
 * routes validate with the schema; this is the same rule for text that arrives on a socket.
 */
export function parseExecuteBashRequest(value: unknown): ExecuteBashRequest | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { command, cwd, timeout } = value as Record<string, unknown>;
  if (typeof command !== 'string') return null;
  if (cwd !== undefined && cwd !== null && typeof cwd !== 'string') return null;
  if (timeout !== undefined && !Number.isInteger(timeout)) return null;
  return { command, cwd: cwd ?? null, timeout: (timeout as number | undefined) ?? DEFAULT_TIMEOUT_SECONDS };
}

/** `YYYYMMDDHHMMSS` of a record's UTC timestamp: the first part of its file name. */
function fileStamp(timestamp: string): string {
  return timestamp.slice(0, 19).replace(/[-:T]/g, '');
}

/** api.md 18.5: `<stamp>_BashCommand_<id>` or `<stamp>_BashOutput_<command id>_<id>`. */
export function recordFileName(record: BashRecord): string {
  const stamp = fileStamp(record.timestamp);
  return record.kind === 'BashCommand' ? `${stamp}_BashCommand_${record.id}` : `${stamp}_BashOutput_${record.command_id}_${record.id}`;
}

export interface RecordFileName {
  name: string;
  stamp: string;
  kind: BashRecordKind;
  /** The command a BashOutput belongs to; null for a BashCommand. */
  commandId: string | null;
  id: string;
}

const FILE_NAME_PATTERN = /^(\d{14})_(?:BashCommand_([0-9a-f]{32})|BashOutput_([0-9a-f]{32})_([0-9a-f]{32}))$/;

/** The parts of a record file name, or null for any other file (temporary files, strays). */
export function parseRecordFileName(name: string): RecordFileName | null {
  const match = FILE_NAME_PATTERN.exec(name);
  if (!match) return null;
  const [, stamp, commandRecordId, commandId, outputId] = match;
  if (commandRecordId !== undefined) return { name, stamp, kind: 'BashCommand', commandId: null, id: commandRecordId };
  return { name, stamp, kind: 'BashOutput', commandId, id: outputId };
}

/**
 * A timestamp filter value as a file-name stamp (api.md 8.5: one-second resolution). Values with
 * an offset are converted to UTC first, and values without one are taken as UTC, so every
 * spelling of an instant filters the same (the reference ignores the offset). Null when the
 * text is not a date-time.
 */
export function filterStamp(text: string): string | null {
  const parts = parseDateTimeText(text);
  if (!parts) return null;
  const millis = epochMillisOf(parts, { naiveAsUtc: true });
  if (Number.isNaN(millis)) return null;
  return fileStamp(new Date(millis).toISOString());
}
