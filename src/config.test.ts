import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

const cwd = '/srv/app';

test('defaults: open server, data under ./workspace, port 8000 on all interfaces', () => {
  const config = loadConfig({ env: {}, cwd });
  assert.deepEqual(config.sessionApiKeys, []);
  assert.equal(config.conversationsPath, '/srv/app/workspace/conversations');
  assert.equal(config.bashEventsDir, '/srv/app/workspace/bash_events');
  assert.equal(config.databasePath, '/srv/app/workspace/conversations/agent_server.db');
  assert.equal(config.port, 8000);
  assert.equal(config.host, '0.0.0.0');
  assert.equal(config.enableVscode, false);
  assert.equal(config.secretKey, null);
});

test('session keys: JSON list, indexed variables, and the legacy single key', () => {
  assert.deepEqual(loadConfig({ env: { OH_SESSION_API_KEYS: '["k1","k2"]' }, cwd }).sessionApiKeys, ['k1', 'k2']);
  assert.deepEqual(loadConfig({ env: { OH_SESSION_API_KEYS_0: 'a', OH_SESSION_API_KEYS_1: 'b' }, cwd }).sessionApiKeys, ['a', 'b']);
  const legacy = loadConfig({ env: { SESSION_API_KEY: 'legacy' }, cwd });
  assert.deepEqual(legacy.sessionApiKeys, ['legacy']);
  assert.equal(legacy.secretKey, 'legacy', 'the legacy key also encrypts secrets when OH_SECRET_KEY is absent');
  assert.equal(loadConfig({ env: { SESSION_API_KEY: 'legacy', OH_SECRET_KEY: 'own' }, cwd }).secretKey, 'own');
});

test('secret key: an explicit none wins over the SESSION_API_KEY fallback', () => {
  const none = loadConfig({ env: { SESSION_API_KEY: 'legacy', OH_SECRET_KEY_IS_NONE: '1' }, cwd });
  assert.equal(none.secretKey, null);
  assert.deepEqual(none.sessionApiKeys, ['legacy'], 'the legacy key still authenticates');
  const directory = mkdtempSync(path.join(tmpdir(), 'oh-config-'));
  const file = path.join(directory, 'config.json');
  writeFileSync(file, JSON.stringify({ secret_key: null }));
  assert.equal(loadConfig({ argv: ['--config', file], env: { SESSION_API_KEY: 'legacy' }, cwd }).secretKey, null, 'null in the config file is a none too');
  assert.equal(loadConfig({ env: { SESSION_API_KEY: 'legacy', OH_SECRET_KEY_IS_NONE: '0' }, cwd }).secretKey, 'legacy', 'IS_NONE=0 is no none');
});

test('webhooks: JSON plus indexed overrides, defaults filled, constraints checked', () => {
  const config = loadConfig({
    env: { OH_WEBHOOKS: '[{"base_url": "http://hooks/a"}]', OH_WEBHOOKS_0_NUM_RETRIES: '7', OH_WEBHOOKS_1_BASE_URL: 'http://hooks/b', OH_WEBHOOKS_1_HEADERS: '{"Authorization": "Bearer x"}' },
    cwd,
  });
  assert.deepEqual(config.webhooks, [
    { base_url: 'http://hooks/a', headers: {}, event_buffer_size: 5, flush_delay: 30, num_retries: 7, retry_delay: 5 },
    { base_url: 'http://hooks/b', headers: { Authorization: 'Bearer x' }, event_buffer_size: 5, flush_delay: 30, num_retries: 3, retry_delay: 5 },
  ]);
  assert.throws(() => loadConfig({ env: { OH_WEBHOOKS_0_BASE_URL: 'http://x', OH_WEBHOOKS_0_FLUSH_DELAY: '0' }, cwd }), (error: ConfigError) => error.variable === 'OH_WEBHOOKS_0_FLUSH_DELAY');
});

test('booleans: 1/true are true, anything else false; the whole config in OH with overrides', () => {
  assert.equal(loadConfig({ env: { OH_ENABLE_VSCODE: 'TRUE' }, cwd }).enableVscode, true);
  assert.equal(loadConfig({ env: { OH_ENABLE_VSCODE: 'yes' }, cwd }).enableVscode, false);
  const config = loadConfig({ env: { OH: '{"session_api_keys": ["from-oh"], "conversations_path": "/data/c"}', OH_CONVERSATIONS_PATH: '/data/override' }, cwd });
  assert.deepEqual(config.sessionApiKeys, ['from-oh']);
  assert.equal(config.conversationsPath, '/data/override');
});

test('--config file gives defaults that the environment overrides; CLI flags win for host and port', () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'oh-config-'));
  const file = path.join(directory, 'server.json');
  writeFileSync(file, JSON.stringify({ session_api_keys: ['file-key'], bash_events_dir: '/data/bash', allow_cors_origins: ['https://a.example'] }));
  const config = loadConfig({ argv: ['--config', file, '--port', '9001', '--host=127.0.0.1'], env: { OH_BASH_EVENTS_DIR: '/env/bash' }, cwd });
  assert.deepEqual(config.sessionApiKeys, ['file-key']);
  assert.equal(config.bashEventsDir, '/env/bash');
  assert.deepEqual(config.allowCorsOrigins, ['https://a.example']);
  assert.equal(config.port, 9001);
  assert.equal(config.host, '127.0.0.1');
});

test('bad values name the variable', () => {
  const cases: [Record<string, string>, string[], string][] = [
    [{ OH_SESSION_API_KEYS: 'nope' }, [], 'OH_SESSION_API_KEYS'],
    [{ OH_VSCODE_PORT: 'abc' }, [], 'OH_VSCODE_PORT'],
    [{ LOG_LEVEL: 'loud' }, [], 'LOG_LEVEL'],
    [{}, ['--port', '70000'], '--port'],
    [{}, ['--bogus'], '--bogus'],
    [{}, ['--config', '/does/not/exist.json'], '--config'],
    [{ OH_SECRET_KEY: '  ' }, [], 'OH_SECRET_KEY'],
  ];
  for (const [env, argv, variable] of cases) {
    assert.throws(() => loadConfig({ env, argv, cwd }), (error: unknown) => error instanceof ConfigError && error.variable === variable, variable);
  }
});

test('confirmation timeout: off by default; seconds and decision from the environment, the OH JSON or a file', () => {
  assert.equal(loadConfig({ env: {}, cwd }).confirmationTimeout, null);
  assert.equal(loadConfig({ env: { OH_CONFIRMATION_TIMEOUT_SECONDS: '0' }, cwd }).confirmationTimeout, null, '0 means no time limit');
  assert.deepEqual(loadConfig({ env: { OH_CONFIRMATION_TIMEOUT_SECONDS: '90' }, cwd }).confirmationTimeout, { seconds: 90, decision: 'reject' });
  assert.deepEqual(
    loadConfig({ env: { OH_CONFIRMATION_TIMEOUT_SECONDS: '2.5', OH_CONFIRMATION_TIMEOUT_DECISION: 'Accept' }, cwd }).confirmationTimeout,
    { seconds: 2.5, decision: 'accept' },
  );
  assert.deepEqual(loadConfig({ env: { OH: '{"confirmation_timeout_seconds": 30, "confirmation_timeout_decision": "accept"}' }, cwd }).confirmationTimeout, { seconds: 30, decision: 'accept' });
  for (const [env, variable] of [
    [{ OH_CONFIRMATION_TIMEOUT_SECONDS: 'soon' }, 'OH_CONFIRMATION_TIMEOUT_SECONDS'],
    [{ OH_CONFIRMATION_TIMEOUT_SECONDS: '-1' }, 'OH_CONFIRMATION_TIMEOUT_SECONDS'],
    [{ OH_CONFIRMATION_TIMEOUT_SECONDS: '10', OH_CONFIRMATION_TIMEOUT_DECISION: 'maybe' }, 'OH_CONFIRMATION_TIMEOUT_DECISION'],
  ] as [Record<string, string>, string][]) {
    assert.throws(() => loadConfig({ env, cwd }), (error: unknown) => error instanceof ConfigError && error.variable === variable, variable);
  }
});

test('skill sources: the home folder from HOME; the public skills repository and branch can be replaced', () => {
  assert.deepEqual(loadConfig({ env: { HOME: '/home/agent' }, cwd }).skills, {
    homeDir: '/home/agent',
    publicRepoUrl: 'https://github.com/OpenHands/skills',
    publicRepoBranch: 'main',
  });
  const mirrored = loadConfig({ env: { HOME: '/h', OH_PUBLIC_SKILLS_REPO_URL: 'file:///srv/skills.git', OH_PUBLIC_SKILLS_BRANCH: 'stable' }, cwd });
  assert.deepEqual(mirrored.skills, { homeDir: '/h', publicRepoUrl: 'file:///srv/skills.git', publicRepoBranch: 'stable' });
  assert.throws(() => loadConfig({ env: { OH_PUBLIC_SKILLS_BRANCH: ' ' }, cwd }), (error: unknown) => error instanceof ConfigError && error.variable === 'OH_PUBLIC_SKILLS_BRANCH');
});

test('DEBUG: tracebacks in 5xx bodies and debug logging, unless LOG_LEVEL is set', () => {
  assert.deepEqual(pick(loadConfig({ env: {}, cwd })), { debug: false, logLevel: 'info' });
  assert.deepEqual(pick(loadConfig({ env: { DEBUG: 'yes' }, cwd })), { debug: true, logLevel: 'debug' });
  assert.deepEqual(pick(loadConfig({ env: { DEBUG: '1', LOG_LEVEL: 'WARNING' }, cwd })), { debug: true, logLevel: 'warn' });
  assert.deepEqual(pick(loadConfig({ env: { DEBUG: 'no' }, cwd })), { debug: false, logLevel: 'info' });

  function pick(config: { debug: boolean; logLevel: string }) {
    return { debug: config.debug, logLevel: config.logLevel };
  }
});

test('OH_BLOCKING_RUN: off by default, a boolean from the environment or the file', () => {
  assert.equal(loadConfig({ env: {}, cwd }).blockingRun, false);
  assert.equal(loadConfig({ env: { OH_BLOCKING_RUN: 'true' }, cwd }).blockingRun, true);
  assert.equal(loadConfig({ env: { OH: '{"blocking_run": true}' }, cwd }).blockingRun, true);
});
