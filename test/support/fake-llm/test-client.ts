// Plain-fetch helpers for the fake's own tests. They parse the wire format independently of
// the fake's renderers, so a rendering bug cannot hide behind a shared helper.

export interface ParsedSseEvent {
  event: string | undefined;
  data: string;
}

export async function postJson(
  url: string,
  body: unknown,
  options: { headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify(body),
    signal: options.signal,
  });
}

/** Splits an SSE body into events (blank-line separated), keeping `event:` and joined `data:` lines. */
export function parseSse(text: string): ParsedSseEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      let event: string | undefined;
      const dataLines: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) {
          event = line.slice('event: '.length);
        } else if (line.startsWith('data: ')) {
          dataLines.push(line.slice('data: '.length));
        }
      }
      return { event, data: dataLines.join('\n') };
    });
}

export async function readSse(response: Response): Promise<ParsedSseEvent[]> {
  return parseSse(await response.text());
}

// Fields whose values are generated per response. Tests check their shape separately and
// then compare whole objects with these replaced, as style.md §2.9 asks.
const generatedFields: Record<string, unknown> = {
  id: '<id>',
  item_id: '<id>',
  request_id: '<id>',
  created: 0,
  created_at: 0,
};

export function normalizeGeneratedFields(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(normalizeGeneratedFields);
  }
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [
      key,
      key in generatedFields && (typeof field === 'string' || typeof field === 'number')
        ? generatedFields[key]
        : normalizeGeneratedFields(field),
    ]),
  );
}
