/**
 * A shadow of the registered routes, used only when nothing matched, to answer like the reference
 * (api.md 1.7): 405 with `Allow` when the path exists under other methods, 307 to the other
 * trailing-slash spelling when that one exists for this method, else 404.
 */
import FindMyWay from 'find-my-way';

type HTTPMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
const METHODS: HTTPMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export type UnmatchedAnswer = { kind: 'method_not_allowed'; allow: string[] } | { kind: 'redirect'; location: string } | { kind: 'not_found' };

export class RouteTable {
  private readonly router = FindMyWay({ ignoreTrailingSlash: false, ignoreDuplicateSlashes: false, maxParamLength: 10_000 });

  add(method: string | string[], url: string): void {
    for (const one of Array.isArray(method) ? method : [method]) {
      if (!METHODS.includes(one as HTTPMethod)) continue;
      try {
        this.router.on(one as HTTPMethod, url, () => {});
      } catch {
        // Duplicate shapes (e.g. HEAD added by Fastify) are harmless here.
      }
    }
  }

  answerUnmatched(method: string, rawUrl: string): UnmatchedAnswer {
    const [pathname, query] = rawUrl.split(/\?(.*)/s, 2);
    const allow = METHODS.filter((candidate) => candidate !== method && this.router.find(candidate, pathname));
    if (allow.length > 0) return { kind: 'method_not_allowed', allow };
    if (METHODS.includes(method as HTTPMethod) && pathname !== '/') {
      const other = pathname.endsWith('/') ? pathname.slice(0, -1) : `${pathname}/`;
      if (this.router.find(method as HTTPMethod, other)) return { kind: 'redirect', location: query ? `${other}?${query}` : other };
    }
    return { kind: 'not_found' };
  }
}
