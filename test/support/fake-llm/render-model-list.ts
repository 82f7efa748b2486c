// GET /v1/models in each provider's own shape. Anthropic clients identify themselves with the
// `anthropic-version` header, which every Anthropic SDK sends.

export const fakeModelId = 'fake-model';

export function renderModelList(options: { isAnthropic: boolean; createdAtSeconds: number }): Record<string, unknown> {
  if (options.isAnthropic) {
    return {
      data: [
        {
          type: 'model',
          id: fakeModelId,
          display_name: 'Fake Model',
          created_at: new Date(options.createdAtSeconds * 1000).toISOString(),
        },
      ],
      has_more: false,
      first_id: fakeModelId,
      last_id: fakeModelId,
    };
  }
  return {
    object: 'list',
    data: [{ id: fakeModelId, object: 'model', created: options.createdAtSeconds, owned_by: 'fake-llm' }],
  };
}
