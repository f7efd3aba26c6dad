import { BaseError } from './errors'

const bytes = (n: number) => `${n.toLocaleString('en-US')} bytes`

/** A configuration file larger than the limit idx reads (`IDX_CONFIG_MAX_BYTES`). */
export class ConfigFileTooLargeError extends BaseError {
  override name = 'ConfigFileTooLargeError'
  readonly file: string
  constructor(file: string, size: number | undefined, maxBytes: number) {
    super(
      size === undefined
        ? `The configuration file "${file}" is larger than the ${bytes(maxBytes)} idx reads.`
        : `The configuration file "${file}" is ${bytes(size)}, more than the ${bytes(maxBytes)} idx reads.`,
      {
        details: [
          'A shared file with 5,000 tokens and 5,000 pools is about 2.5 MB. If the file really is this large, raise the limit with IDX_CONFIG_MAX_BYTES (a number of bytes).',
        ],
      },
    )
    this.file = file
  }
}

/** A configuration file whose bytes are not UTF-8. */
export class ConfigFileEncodingError extends BaseError {
  override name = 'ConfigFileEncodingError'
  readonly file: string
  /** The offset of the first byte that is not UTF-8, from the start of the file. */
  readonly offset: number
  constructor(file: string, found: { offset: number; byte: number; line: number; column: number }) {
    const byte = `0x${found.byte.toString(16).padStart(2, '0')}`
    super(
      `The configuration file "${file}" is not valid UTF-8: the byte ${byte} at offset ${found.offset} (line ${found.line}, column ${found.column}) is not part of a UTF-8 character.`,
      { details: ['Save the file as UTF-8; idx does not guess other encodings.'] },
    )
    this.file = file
    this.offset = found.offset
  }
}

/** A configuration file with nothing in it (or only comments). */
export class ConfigFileEmptyError extends BaseError {
  override name = 'ConfigFileEmptyError'
  readonly file: string
  constructor(file: string) {
    super(`The configuration file "${file}" is empty: it holds no YAML content.`, {
      details: [
        'A shared or a model file starts with config_version: "1.0" (see docs/configuration.md for both).',
      ],
    })
    this.file = file
  }
}
