// @idx/pipeline/testing — test helpers other packages' tests share (never built, never published:
// the subpath resolves only under the workspace's `@idx/source` condition). A real chain scenario
// with migrated databases and imported configuration, the events the chain says happened, the rows
// a model database holds, stored-block files and archives, and a JSON-RPC fault proxy.

export * from './_test/blocks'
export * from './_test/chainEvents'
export * from './_test/chainTrades'
export * from './_test/clChainEvents'
export * from './_test/modelRows'
export * from './_test/scenario'
export * from './source/_test/archive'
export * from './source/_test/faultProxy'
