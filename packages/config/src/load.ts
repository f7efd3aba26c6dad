import { readFile } from 'node:fs/promises'
import { isMap, parseDocument } from 'yaml'
import { BaseError } from './errors'
import { type ConfigKind, type LoadedConfig, parseConfigText } from './parse'
import { finishModelConfig, type ModelConfig, modelConfigSchema } from './schema/model'
import { checkModelConfig } from './schema/model-checks'
import { finishSharedConfig, type SharedConfig, sharedConfigSchema } from './schema/shared'
import { checkSharedConfig } from './schema/shared-checks'

export type { LoadedConfig } from './parse'

const sharedKind: ConfigKind<typeof sharedConfigSchema, SharedConfig> = {
  label: 'shared',
  schema: sharedConfigSchema,
  ownKey: 'chain',
  otherKey: 'model',
  check: checkSharedConfig,
  finish: finishSharedConfig,
}

const modelKind: ConfigKind<typeof modelConfigSchema, ModelConfig> = {
  label: 'model',
  schema: modelConfigSchema,
  ownKey: 'model',
  otherKey: 'chain',
  check: checkModelConfig,
  finish: finishModelConfig,
}

/** A configuration file that does not exist or cannot be read. */
export class ConfigFileReadError extends BaseError {
  override name = 'ConfigFileReadError'
  readonly file: string
  constructor(file: string, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code
    const reason =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a directory'
          : `could not be read${code ? ` (${code})` : ''}`
    super(`The configuration file "${file}" ${reason}.`, { cause })
    this.file = file
  }
}

async function readConfigFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (cause) {
    throw new ConfigFileReadError(file, cause)
  }
}

/**
 * Parses and checks the text of a shared file (`shared_v1_0.yaml`).
 * Throws a {@link ConfigValidationError} listing every problem in it.
 *
 * @param text - The YAML text.
 * @param file - The file name used in messages (and returned as `file`).
 *
 * @example
 * ```ts
 * const { config } = parseSharedConfig(yamlText, 'shared_v1_0.yaml')
 * config.contracts[0]?.pool?.base_token // '0x0f669808d88b2b0b3d23214dcd2a1cc6a8b1b5cd'
 * ```
 */
export function parseSharedConfig(text: string, file: string): LoadedConfig<SharedConfig> {
  return parseConfigText(sharedKind, text, file)
}

/**
 * Parses and checks the text of a model file (`blub_test_v1_0.yaml`).
 * Throws a {@link ConfigValidationError} listing every problem in it.
 *
 * @example
 * ```ts
 * const { config } = parseModelConfig(yamlText, 'blub_test_v1_0.yaml')
 * config.model.database // 'idx_model_blub_test'
 * ```
 */
export function parseModelConfig(text: string, file: string): LoadedConfig<ModelConfig> {
  return parseConfigText(modelKind, text, file)
}

/**
 * Reads, parses and checks a shared file. Throws a {@link ConfigFileReadError}
 * when the file cannot be read and a {@link ConfigValidationError} listing
 * every problem when it is not valid.
 *
 * @example
 * ```ts
 * const shared = await loadSharedConfig('prisma/shared_v1_0.yaml')
 * shared.config.chain.id // 43114
 * ```
 */
export async function loadSharedConfig(file: string): Promise<LoadedConfig<SharedConfig>> {
  return parseSharedConfig(await readConfigFile(file), file)
}

/**
 * Reads, parses and checks a model file. Throws a {@link ConfigFileReadError}
 * when the file cannot be read and a {@link ConfigValidationError} listing
 * every problem when it is not valid.
 *
 * @example
 * ```ts
 * const model = await loadModelConfig('prisma/blub_test_v1_0.yaml')
 * model.config.model.start_block // 58219691
 * ```
 */
export async function loadModelConfig(file: string): Promise<LoadedConfig<ModelConfig>> {
  return parseModelConfig(await readConfigFile(file), file)
}

/** A configuration file of either kind, told apart by its content. */
export type LoadedConfigFile =
  | { kind: 'shared'; loaded: LoadedConfig<SharedConfig> }
  | { kind: 'model'; loaded: LoadedConfig<ModelConfig> }

/**
 * Tells which kind of configuration a text holds: `model` when its top-level
 * mapping has a `model` key and no `chain` key, `shared` otherwise (so a file
 * that is neither is checked, and reported, as a shared file).
 *
 * @example
 * ```ts
 * detectConfigKind('config_version: "1.0"\nmodel:\n  name: blub_test\n') // 'model'
 * ```
 */
export function detectConfigKind(text: string): 'shared' | 'model' {
  const { contents } = parseDocument(text, { prettyErrors: false })
  return isMap(contents) && contents.has('model') && !contents.has('chain') ? 'model' : 'shared'
}

/**
 * Parses and checks the text of a configuration file of either kind (see
 * {@link detectConfigKind}). Throws a {@link ConfigValidationError} listing every problem.
 */
export function parseConfigFile(text: string, file: string): LoadedConfigFile {
  return detectConfigKind(text) === 'model'
    ? { kind: 'model', loaded: parseModelConfig(text, file) }
    : { kind: 'shared', loaded: parseSharedConfig(text, file) }
}

/**
 * Reads, parses and checks a configuration file of either kind, telling them
 * apart by content (for `idx config validate FILE…`).
 *
 * @example
 * ```ts
 * const file = await loadConfigFile('prisma/blub_test_v1_0.yaml')
 * if (file.kind === 'model') file.loaded.config.model.name // 'blub_test'
 * ```
 */
export async function loadConfigFile(file: string): Promise<LoadedConfigFile> {
  return parseConfigFile(await readConfigFile(file), file)
}
