import type { CanonicalModel } from '../core/canonical.ts';

/** Canonical model objects are built once per upstream model id and reused for every call. */
export function modelCache(build: (modelId: string) => CanonicalModel): (modelId: string) => CanonicalModel {
  const models = new Map<string, CanonicalModel>();
  return (modelId) => {
    let model = models.get(modelId);
    if (model === undefined) {
      model = build(modelId);
      models.set(modelId, model);
    }
    return model;
  };
}
