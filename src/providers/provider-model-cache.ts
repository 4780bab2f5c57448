/** Model objects (canonical or direct) are built once per upstream model id and reused for every call. */
export function modelCache<Model>(build: (modelId: string) => Model): (modelId: string) => Model {
  const models = new Map<string, Model>();
  return (modelId) => {
    if (models.has(modelId)) return models.get(modelId) as Model;
    const model = build(modelId);
    models.set(modelId, model);
    return model;
  };
}
