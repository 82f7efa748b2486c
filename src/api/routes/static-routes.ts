/**
 * Optional static files (api.md 4.4): with `OH_STATIC_FILES_PATH` naming an existing directory,
 * `/` redirects to the app and `/static/<path>` serves files from it, without a key. No directory
 * listings; a path that resolves outside the directory is 404.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { wildcardPath } from './wildcard-path.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => null))?.isFile() ?? false;
}

/** The existing directory to serve, or null when static files are off. */
export async function staticDirectory(configured: string | null): Promise<string | null> {
  if (!configured) return null;
  return (await stat(configured).catch(() => null))?.isDirectory() ? path.resolve(configured) : null;
}

export async function staticRoutes(app: FastifyInstance, options: { directory: string }): Promise<void> {
  const root = options.directory;
  // HEAD too, as Starlette's static files answer it (the server turns HEAD routes off elsewhere).
  app.get('/static/*', { schema: { hide: true }, exposeHeadRoute: true }, async (request, reply) => {
    // The router has already percent-decoded the wildcard; decoding again would serve `a b.txt`
    // for `a%2520b.txt` and throw on a literal `%`.
    const relative = wildcardPath(request);
    const file = path.resolve(root, relative);
    const info = file.startsWith(root + path.sep) ? await stat(file).catch(() => null) : null;
    if (!info?.isFile()) return reply.code(404).send({ detail: 'Not Found' });
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    return reply.type(type).header('content-length', info.size).send(createReadStream(file));
  });
}

/** Where `/` sends a browser when static files are served. */
export async function staticLandingPage(directory: string): Promise<string> {
  return (await isFile(path.join(directory, 'index.html'))) ? '/static/index.html' : '/static/';
}
