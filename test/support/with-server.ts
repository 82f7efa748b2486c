/** One fresh server for one test, closed and its data removed whatever the test does. */
import type { Config } from '../../src/config.js';
import { startServer, type TestServer } from './server.js';

export async function withServer(run: (server: TestServer) => Promise<void>, config: Partial<Config> = {}): Promise<void> {
  const server = await startServer({ config });
  try {
    await run(server);
  } finally {
    await server.close({ removeData: true });
  }
}
