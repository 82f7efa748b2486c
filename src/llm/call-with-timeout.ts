import { classifyError, type ErrorContext } from './classify-error.js';
import type { SdkCallOptions, SdkGenerateResult, SdkLanguageModel } from './sdk-types.js';

// One attempt: the request is aborted after `timeoutSeconds` (agent.md 11.6: the HTTP timeout per
// attempt) or when the caller aborts. A caller abort is rethrown as the caller's reason; anything
// else becomes one of our LLM errors.

export interface AttemptOptions {
  model: SdkLanguageModel;
  callOptions: Omit<SdkCallOptions, 'abortSignal'>;
  timeoutSeconds: number;
  signal?: AbortSignal;
  errorContext: Omit<ErrorContext, 'timedOut' | 'timeoutSeconds' | 'nowMs'>;
  now: () => number;
}

export async function callWithTimeout(options: AttemptOptions): Promise<SdkGenerateResult> {
  options.signal?.throwIfAborted();
  const controller = new AbortController();
  let hasTimedOut = false;
  const timer = setTimeout(() => {
    hasTimedOut = true;
    controller.abort(new Error(`LLM request timed out after ${options.timeoutSeconds} s`));
  }, options.timeoutSeconds * 1000);
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  try {
    return await options.model.doGenerate({ ...options.callOptions, abortSignal: signal });
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw classifyError(error, { ...options.errorContext, timedOut: hasTimedOut, timeoutSeconds: options.timeoutSeconds, nowMs: options.now() });
  } finally {
    clearTimeout(timer);
  }
}
