import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { SchemaEngine } from '@prisma/schema-engine-wasm'

type SchemaEngineModule = typeof import('@prisma/schema-engine-wasm/schema_engine_bg')

/** The part of the WebAssembly global this module needs (lib.dom is not part of this package's types). */
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly
type WasmApi = {
  instantiate: (
    bytes: Uint8Array,
    imports: object,
  ) => Promise<{ instance: { exports: Record<string, unknown> } }>
}

let loading: Promise<SchemaEngineModule> | undefined

/**
 * Loads Prisma's schema engine compiled to WebAssembly, once per process.
 * The package imports its `.wasm` as an ES module, which Node 20 refuses, so
 * the file is compiled here and handed to the package's `_bg` module.
 */
export function loadSchemaEngineModule(): Promise<SchemaEngineModule> {
  loading ??= (async () => {
    installPanicRegistry()
    const bgUrl = import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg')
    const bg: SchemaEngineModule = await import('@prisma/schema-engine-wasm/schema_engine_bg')
    const wasmPath = fileURLToPath(new URL('./schema_engine_bg.wasm', bgUrl))
    const { instance } = await wasm.instantiate(await readFile(wasmPath), {
      './schema_engine_bg.js': withTrackedTimers(bg),
    })
    ;(bg as unknown as { __wbg_set_wasm: (exports: unknown) => void }).__wbg_set_wasm(instance.exports)
    ;(instance.exports as { __wbindgen_start: () => void }).__wbindgen_start()
    return bg
  })()
  return loading
}

/**
 * The engine's timers, while no engine is alive to need them. The engine
 * schedules a timer (about 10 s) that outlives `free()`, which kept every
 * `idx migrate` alive ten seconds after its work was done; they are cleared
 * once the last live engine is freed.
 */
const engineTimers = new Set<ReturnType<typeof setTimeout>>()
let liveEngines = 0

/** The `_bg` module's imports for the WASM instance, its `setTimeout` import tracked. */
function withTrackedTimers(bg: SchemaEngineModule): Record<string, unknown> {
  const imports: Record<string, unknown> = { ...bg }
  for (const key of Object.keys(imports))
    if (key.startsWith('__wbg_setTimeout_'))
      imports[key] = (callback: () => void, ms: number) => {
        const timer = setTimeout(() => {
          engineTimers.delete(timer)
          callback()
        }, ms >>> 0)
        engineTimers.add(timer)
        return timer
      }
  return imports
}

/** The message of the engine's last panic (the WASM module reports it through a global registry). */
let lastPanic: string | undefined

function installPanicRegistry() {
  const registry = globalThis as unknown as {
    PRISMA_WASM_PANIC_REGISTRY?: { set_message: (m: string) => void }
  }
  registry.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message: (message: string) => {
      lastPanic = message
    },
  }
}

/** Returns (and forgets) the message of the engine's last panic, if any. */
export function takeEnginePanic(): string | undefined {
  const message = lastPanic
  lastPanic = undefined
  return message
}

/** One structured log record of the engine (the same JSON the native engine writes to stderr). */
export type EngineLog = {
  level?: string
  target?: string
  fields?: { message?: string; [key: string]: unknown }
}

export type CreateSchemaEngineParameters = {
  /** A driver-adapter factory (wrapped by `bindMigrationAwareSqlAdapterFactory`). */
  adapterFactory: object
  /** Prisma schema files, as `[path, content]` pairs, when a command needs them. */
  datamodels?: [string, string][] | undefined
  onLog?: ((record: EngineLog) => void) | undefined
}

/** Starts a schema engine bound to one database through a driver adapter. */
export async function createSchemaEngine(parameters: CreateSchemaEngineParameters): Promise<SchemaEngine> {
  const bg = await loadSchemaEngineModule()
  const engine = await bg.SchemaEngine.new(
    { datamodels: parameters.datamodels },
    (line: string) => {
      if (parameters.onLog === undefined) return
      try {
        parameters.onLog(JSON.parse(line) as EngineLog)
      } catch {
        parameters.onLog({ fields: { message: line } })
      }
    },
    parameters.adapterFactory,
  )
  liveEngines++
  const free = engine.free.bind(engine)
  engine.free = () => {
    free()
    liveEngines--
    if (liveEngines === 0) {
      for (const timer of engineTimers) clearTimeout(timer)
      engineTimers.clear()
    }
  }
  return engine
}

/** The filter every idx command passes: idx manages all tables of its databases. */
export const NO_EXTERNAL_OBJECTS = { externalTables: [], externalEnums: [] }
