// A module resolution hook (node:module register): resolves with the
// "@idx/source" export condition, so workspace packages load from their
// TypeScript sources, like `node --conditions=@idx/source`.
export async function resolve(specifier, context, nextResolve) {
  return nextResolve(specifier, { ...context, conditions: [...context.conditions, '@idx/source'] })
}
