import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ConfirmationResponseRequest,
  GenerateTitleRequest,
  SendMessageRequest,
  SetConfirmationPolicyRequest,
  SetSecurityAnalyzerRequest,
  StartConversationRequest,
  UpdateConversationRequest,
  normalizeStartConversationRequest,
  normalizeUuid,
} from './requests.js';
import { compile } from './test-ajv.js';

const minimalStart = { agent: { llm: { model: 'gpt-4o' } }, workspace: { working_dir: '/tmp/project' } };

describe('StartConversationRequest', () => {
  const validate = compile(StartConversationRequest);

  it('allows unknown top-level fields and fills defaults', () => {
    const outcome = validate({ ...minimalStart, client_only: true });
    assert.equal(outcome.valid, true);
    const data = outcome.data as Record<string, unknown>;
    assert.deepEqual(data.confirmation_policy, { kind: 'NeverConfirm' });
    assert.equal(data.max_iterations, 500);
    assert.equal(data.stuck_detection, true);
    assert.deepEqual(data.secrets, {});
  });

  it('requires agent and workspace', () => {
    assert.deepEqual(validate({ invalid: 'data' }).errors[0]?.params, { missingProperty: 'agent' });
    assert.deepEqual(validate({ agent: minimalStart.agent }).errors[0]?.params, { missingProperty: 'workspace' });
    assert.deepEqual(validate({ ...minimalStart, workspace: {} }).errors[0]?.params, { missingProperty: 'working_dir' });
  });

  it('rejects an LLM with an unknown field, max_iterations below 1, a bad policy kind', () => {
    assert.equal(validate({ ...minimalStart, agent: { llm: { model: 'x', nope: 1 } } }).valid, false);
    assert.equal(validate({ ...minimalStart, max_iterations: 0 }).valid, false);
    assert.equal(validate({ ...minimalStart, confirmation_policy: { kind: 'Nope' } }).errors[0]?.keyword, 'discriminator');
    assert.equal(validate({ ...minimalStart, workspace: { kind: 'RemoteWorkspace', working_dir: '/x' } }).valid, false);
  });

  it('accepts any UUID spelling and rejects other strings', () => {
    for (const id of ['3f0c8a52-6a1e-4a4e-9a59-2b1e0f6c9d21', '3F0C8A526A1E4A4E9A592B1E0F6C9D21', 'urn:uuid:3f0c8a52-6a1e-4a4e-9a59-2b1e0f6c9d21', null]) {
      assert.equal(validate({ ...minimalStart, conversation_id: id }).valid, true, String(id));
    }
    assert.equal(validate({ ...minimalStart, conversation_id: 'invalid-uuid' }).valid, false);
  });

  it('accepts plain-string secrets and the seed-shaped example request', () => {
    const outcome = validate({
      agent: {
        llm: { model: 'litellm_proxy/anthropic/claude-sonnet-4-5-20250929', api_key: 'sk-test', usage_id: 'agent' },
        tools: [{ name: 'terminal' }, { name: 'file_editor' }, { name: 'task_tracker' }],
      },
      workspace: { working_dir: '/srv/project' },
      confirmation_policy: { kind: 'ConfirmRisky', threshold: 'HIGH' },
      initial_message: { role: 'user', content: [{ type: 'text', text: 'Add a README' }] },
      max_iterations: 100,
      secrets: { GITHUB_TOKEN: { kind: 'StaticSecret', value: 'ghp_example' }, PLAIN: 'value' },
    });
    assert.equal(outcome.valid, true, JSON.stringify(outcome.errors));
  });

  it('normalizes the whole request', () => {
    const validated = validate({
      ...minimalStart,
      conversation_id: '3F0C8A526A1E4A4E9A592B1E0F6C9D21',
      initial_message: { content: [{ text: 'hi' }], run: false, sender: 'cli' },
      secrets: { TOKEN: 'ghp_x', EMPTY: '**********' },
    }).data as StartConversationRequest;
    const request = normalizeStartConversationRequest(validated);
    assert.equal(request.conversation_id, '3f0c8a52-6a1e-4a4e-9a59-2b1e0f6c9d21');
    assert.deepEqual(request.workspace, { kind: 'LocalWorkspace', working_dir: '/tmp/project' });
    assert.deepEqual(request.confirmation_policy, { kind: 'NeverConfirm' });
    assert.deepEqual(request.initial_message, { role: 'user', content: [{ cache_prompt: false, type: 'text', text: 'hi' }], run: false });
    assert.deepEqual(request.secrets, {
      TOKEN: { kind: 'StaticSecret', description: null, value: 'ghp_x' },
      EMPTY: { kind: 'StaticSecret', description: null, value: null },
    });
    assert.equal(request.agent.llm.model, 'gpt-4o');
  });

  it('normalizes without relying on Ajv defaults', () => {
    const request = normalizeStartConversationRequest(minimalStart as StartConversationRequest);
    assert.equal(request.max_iterations, 500);
    assert.equal(request.stuck_detection, true);
    assert.equal(request.conversation_id, null);
    assert.equal(request.initial_message, null);
  });
});

describe('SendMessageRequest', () => {
  const validate = compile(SendMessageRequest);

  it('defaults role, content and run; ignores sender', () => {
    const outcome = validate({ sender: 'someone' });
    assert.equal(outcome.valid, true);
    assert.deepEqual(outcome.data, { sender: 'someone', role: 'user', content: [], run: false });
  });

  it('rejects an unknown role and string content', () => {
    assert.equal(validate({ role: 'invalid_role' }).valid, false);
    assert.equal(validate({ role: 'system', content: [] }).valid, true);
    assert.equal(validate({ content: 'Hello' }).valid, false);
  });
});

describe('UpdateConversationRequest', () => {
  const validate = compile(UpdateConversationRequest);

  it('limits the title to 1..200 characters', () => {
    assert.equal(validate({ title: '' }).valid, false);
    assert.equal(validate({ title: 'x'.repeat(200) }).valid, true);
    assert.equal(validate({ title: 'x'.repeat(201) }).valid, false);
    assert.equal(validate({ title: '📝'.repeat(200) }).valid, true, 'counted in code points, not UTF-16 units');
    assert.equal(validate({}).valid, false);
  });
});

describe('small requests', () => {
  it('SetConfirmationPolicyRequest needs a known policy', () => {
    const validate = compile(SetConfirmationPolicyRequest);
    assert.equal(validate({ policy: { kind: 'AlwaysConfirm' } }).valid, true);
    assert.equal(validate({ policy: { kind: 'Nope' } }).errors[0]?.keyword, 'discriminator');
    assert.equal(validate({ policy: { kind: 'ConfirmRisky', threshold: 'UNKNOWN' } }).valid, false);
    assert.equal(validate({}).valid, false);
  });

  it('SetSecurityAnalyzerRequest: key required, null and {} accepted', () => {
    const validate = compile(SetSecurityAnalyzerRequest);
    assert.equal(validate({ security_analyzer: null }).valid, true);
    assert.equal(validate({ security_analyzer: {} }).valid, true);
    assert.equal(validate({ security_analyzer: { kind: 'InvalidAnalyzerType' } }).valid, false);
    assert.equal(validate({}).valid, false);
  });

  it('ConfirmationResponseRequest: accept required, reason defaulted', () => {
    const validate = compile(ConfirmationResponseRequest);
    assert.deepEqual(validate({ accept: false }).data, { accept: false, reason: 'User rejected the action.' });
    assert.equal(validate({ reason: 'x' }).valid, false);
  });

  it('GenerateTitleRequest: max_length 1..200, llm nullable and strict', () => {
    const validate = compile(GenerateTitleRequest);
    assert.deepEqual(validate({}).data, { max_length: 50, llm: null });
    assert.equal(validate({ max_length: 0 }).valid, false);
    assert.equal(validate({ max_length: 201 }).valid, false);
    assert.equal(validate({ max_length: 200, llm: { model: 'gpt-4o', usage_id: 'title' } }).valid, true);
    assert.equal(validate({ llm: { model: 'gpt-4o', extra: 1 } }).valid, false);
  });
});

describe('normalizeUuid', () => {
  it('returns the dashed lower-case form or null', () => {
    const dashed = '3f0c8a52-6a1e-4a4e-9a59-2b1e0f6c9d21';
    assert.equal(normalizeUuid('3f0c8a526a1e4a4e9a592b1e0f6c9d21'), dashed);
    assert.equal(normalizeUuid('{3F0C8A52-6A1E-4A4E-9A59-2B1E0F6C9D21}'), dashed);
    assert.equal(normalizeUuid('URN:UUID:3f0c8a52-6a1e-4a4e-9a59-2b1e0f6c9d21'), dashed);
    assert.equal(normalizeUuid('3f0c8a52-6a1e4a4e-9a59-2b1e0f6c9d21'), null);
    assert.equal(normalizeUuid('nope'), null);
  });
});
