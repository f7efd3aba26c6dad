import { BaseError } from '@idx/config'

export class ModelSetupError extends BaseError {
  override name = 'ModelSetupError'
}

export class BlockProcessingError extends BaseError {
  override name = 'BlockProcessingError'
}
