import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectCapabilities, matchesModelPattern, resolveContextWindow, resolveMaxOutputTokens } from './capabilities.js';

describe('detectCapabilities', () => {
  it('detects reasoning-effort models, prefix included', () => {
    for (const model of ['openai/o1-mini', 'o3', 'litellm_proxy/openai/o4-mini', 'gpt-5-mini', 'gemini/gemini-2.5-pro', 'anthropic/claude-opus-4-5-20251101', 'openai/codex-mini-latest']) {
      assert.equal(detectCapabilities({ model }).supportsReasoningEffort, true, model);
    }
    for (const model of ['gpt-4o', 'claude-sonnet-4-5', 'openai/fake-model', 'foo1-bar']) {
      assert.equal(detectCapabilities({ model }).supportsReasoningEffort, false, model);
    }
  });

  it('detects extended thinking and prompt caching', () => {
    const sonnet45 = detectCapabilities({ model: 'anthropic/claude-sonnet-4-5-20250929' });
    assert.equal(sonnet45.supportsExtendedThinking, true);
    assert.equal(sonnet45.supportsPromptCaching, true);
    const sonnet4 = detectCapabilities({ model: 'claude-sonnet-4-20250514' });
    assert.equal(sonnet4.supportsExtendedThinking, false);
    assert.equal(sonnet4.supportsPromptCaching, true);
    assert.equal(detectCapabilities({ model: 'openai/gpt-4o' }).supportsPromptCaching, false);
  });

  it('uses model_canonical_name for caching and vision only', () => {
    const caps = detectCapabilities({ model: 'litellm_proxy/my-alias', model_canonical_name: 'claude-sonnet-4-5' });
    assert.equal(caps.supportsPromptCaching, true);
    assert.equal(caps.supportsVision, true);
    assert.equal(caps.supportsExtendedThinking, false);
  });

  it('takes vision from the table, off for unknown models and when disabled', () => {
    assert.equal(detectCapabilities({ model: 'gpt-4o' }).supportsVision, true);
    assert.equal(detectCapabilities({ model: 'openai/fake-model' }).supportsVision, false);
    assert.equal(detectCapabilities({ model: 'gpt-4o', disable_vision: true }).supportsVision, false);
  });

  it('knows stop-word, string-only and reasoning_content models', () => {
    assert.equal(detectCapabilities({ model: 'openai/o3' }).supportsStopWords, false);
    assert.equal(detectCapabilities({ model: 'openai/gpt-4o' }).supportsStopWords, true);
    assert.equal(detectCapabilities({ model: 'deepseek/deepseek-chat' }).forceStringContent, true);
    assert.equal(detectCapabilities({ model: 'gpt-4o', force_string_serializer: true }).forceStringContent, true);
    assert.equal(detectCapabilities({ model: 'moonshot/kimi-k2-thinking' }).sendReasoningContent, true);
    assert.equal(detectCapabilities({ model: 'openai/gpt-5' }).supportsPromptCacheRetention, true);
  });

  it('matches at name boundaries only', () => {
    assert.equal(matchesModelPattern('openai/o1', ['o1']), true);
    assert.equal(matchesModelPattern('yolo1', ['o1']), false);
  });
});

describe('resolveMaxOutputTokens', () => {
  it('keeps a configured value', () => assert.equal(resolveMaxOutputTokens({ model: 'claude-sonnet-4', max_output_tokens: 1000 }), 1000));
  it('forces 64000 for claude-sonnet-4 when unset', () => assert.equal(resolveMaxOutputTokens({ model: 'anthropic/claude-sonnet-4-20250514' }), 64_000));
  it('uses the table', () => assert.equal(resolveMaxOutputTokens({ model: 'gpt-4o' }), 16_384));
  it('is null for unknown models', () => assert.equal(resolveMaxOutputTokens({ model: 'openai/fake-model' }), null));
  it('clamps o3 to 100000', () => assert.ok((resolveMaxOutputTokens({ model: 'o3' }) ?? 0) <= 100_000));
});

describe('resolveContextWindow', () => {
  it('prefers max_input_tokens, then the table, then 0', () => {
    assert.equal(resolveContextWindow({ model: 'gpt-4o', max_input_tokens: 5 }), 5);
    assert.equal(resolveContextWindow({ model: 'gpt-4o' }), 128_000);
    assert.equal(resolveContextWindow({ model: 'openai/fake-model' }), 0);
  });
});
