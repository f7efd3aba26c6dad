import { isUtf8 } from 'node:buffer'
import { open } from 'node:fs/promises'
import { isMap, parseDocument } from 'yaml'
import { BaseError } from './errors'
import { ConfigFileEncodingError, ConfigFileTooLargeError } from './fileErrors'
import {
  assertTextSize,
  type ConfigKind,
  DEFAULT_CONFIG_MAX_BYTES,
  type LoadConfigOptions,
  type LoadedConfig,
  parseConfigText,
} from './parse'
import { finishModelConfig, type ModelConfig, modelConfigSchema } from './schema/model'
import { checkModelConfig } from './schema/modelChecks'
import { finishSharedConfig, type SharedConfig, sharedConfigSchema } from './schema/shared'
import { checkSharedConfig } from './schema/sharedChecks'

export type { LoadConfigOptions, LoadedConfig } from './parse'

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

/**
 * Reads a file as UTF-8, refusing it before reading when it is larger than
 * `maxBytes` (and while reading, when its size is not known in advance), and
 * refusing bytes that are not UTF-8 (never replaced by U+FFFD).
 */
async function readConfigFile(file: string, options: LoadConfigOptions): Promise<string> {
  const maxBytes = options.maxBytes ?? DEFAULT_CONFIG_MAX_BYTES
  let handle: Awaited<ReturnType<typeof open>>
  try {
    handle = await open(file, 'r')
  } catch (cause) {
    throw new ConfigFileReadError(file, cause)
  }
  let content: Buffer
  try {
    const stat = await handle.stat()
    if (stat.isDirectory())
      throw new ConfigFileReadError(file, Object.assign(new Error('directory'), { code: 'EISDIR' }))
    if (stat.isFile() && stat.size > maxBytes) throw new ConfigFileTooLargeError(file, stat.size, maxBytes)
    // Read at most one byte more than allowed: a pipe or a growing file has no size to check first.
    const chunks: Buffer[] = []
    let length = 0
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - length))
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null)
      if (bytesRead === 0) break
      chunks.push(chunk.subarray(0, bytesRead))
      length += bytesRead
      if (length > maxBytes) throw new ConfigFileTooLargeError(file, undefined, maxBytes)
    }
    content = Buffer.concat(chunks, length)
  } catch (error) {
    if (error instanceof BaseError) throw error
    throw new ConfigFileReadError(file, error)
  } finally {
    await handle.close()
  }
  return decodeUtf8(content, file)
}

/** The file's text; a {@link ConfigFileEncodingError} at the first byte that is not UTF-8. */
function decodeUtf8(content: Buffer, file: string): string {
  if (isUtf8(content)) return content.toString('utf8')
  const offset = firstInvalidUtf8(content)
  const before = content.subarray(0, offset)
  const lineStart = before.lastIndexOf(0x0a) + 1
  const line = before.reduce((n, byte) => (byte === 0x0a ? n + 1 : n), 1)
  const column = [...content.subarray(lineStart, offset).toString('utf8')].length + 1
  throw new ConfigFileEncodingError(file, { offset, byte: content[offset]!, line, column })
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
export function firstInvalidUtf8(content: Uint8Array): number {
  let i = 0
  while (i < content.length) {
    const byte = content[i]!
    if (byte < 0x80) {
      i++
      continue
    }
    // The length of the sequence and the range its second byte must fall in (RFC 3629, Table 3-7).
    let length: number
    let low = 0x80
    let high = 0xbf
    if (byte >= 0xc2 && byte <= 0xdf) length = 2
    else if (byte >= 0xe0 && byte <= 0xef) {
      length = 3
      if (byte === 0xe0) low = 0xa0
      if (byte === 0xed) high = 0x9f // no UTF-16 surrogates
    } else if (byte >= 0xf0 && byte <= 0xf4) {
      length = 4
      if (byte === 0xf0) low = 0x90
      if (byte === 0xf4) high = 0x8f
    } else return i
    for (let k = 1; k < length; k++) {
      const next = content[i + k]
      if (next === undefined) return i
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf]
      if (next < min || next > max) return i
    }
    i += length
  }
  return content.length
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
export function parseSharedConfig(
  text: string,
  file: string,
  options: LoadConfigOptions = {},
): LoadedConfig<SharedConfig> {
  return parseConfigText(sharedKind, text, file, options)
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
export function parseModelConfig(
  text: string,
  file: string,
  options: LoadConfigOptions = {},
): LoadedConfig<ModelConfig> {
  return parseConfigText(modelKind, text, file, options)
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
export async function loadSharedConfig(
  file: string,
  options: LoadConfigOptions = {},
): Promise<LoadedConfig<SharedConfig>> {
  return parseSharedConfig(await readConfigFile(file, options), file, options)
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
export async function loadModelConfig(
  file: string,
  options: LoadConfigOptions = {},
): Promise<LoadedConfig<ModelConfig>> {
  return parseModelConfig(await readConfigFile(file, options), file, options)
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
export function parseConfigFile(
  text: string,
  file: string,
  options: LoadConfigOptions = {},
): LoadedConfigFile {
  assertTextSize(text, file, options.maxBytes ?? DEFAULT_CONFIG_MAX_BYTES)
  return detectConfigKind(text) === 'model'
    ? { kind: 'model', loaded: parseModelConfig(text, file, options) }
    : { kind: 'shared', loaded: parseSharedConfig(text, file, options) }
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
export async function loadConfigFile(
  file: string,
  options: LoadConfigOptions = {},
): Promise<LoadedConfigFile> {
  return parseConfigFile(await readConfigFile(file, options), file, options)
}
