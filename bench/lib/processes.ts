/**
 * The server under test and the machine's ceiling both run as child processes, so the benchmark
 * client never shares an event loop with them.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { startServerProcess, freePort, type ServerProcess } from '../../test/support/server-process.js';

export { startServerProcess, type ServerProcess };

/** Resident set size of a process in MB, from /proc (Linux). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kilobytes / 1024;
}

/** A bare Node HTTP server answering `"OK"`: the ceiling for /health latency. */
export async function startBareServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-e', `require('http').createServer((q, s) => { s.setHeader('content-type', 'application/json'); s.end('"OK"'); }).listen(${port}, '127.0.0.1', () => console.log('ready'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

export async function stopServer(server: ServerProcess): Promise<void> {
  server.child.kill('SIGTERM');
  await server.exited;
}
