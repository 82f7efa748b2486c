/**
 * api.md 1.8: with no configured origins, any origin on localhost or 127.0.0.1 is allowed; with a
 * list, only the listed origins (or everything with `*`).
 */
export function corsOriginChecker(allowed: readonly string[]) {
  return (origin: string | undefined, callback: (error: Error | null, allow: boolean) => void) => {
    if (!origin) return callback(null, false);
    if (allowed.length === 0) {
      let hostname = '';
      try {
        hostname = new URL(origin).hostname;
      } catch {
        return callback(null, false);
      }
      return callback(null, hostname === 'localhost' || hostname === '127.0.0.1');
    }
    callback(null, allowed.includes('*') || allowed.includes(origin));
  };
}
