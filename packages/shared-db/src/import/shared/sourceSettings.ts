import path from 'node:path'
import type { Source } from '@idx/config'
import type { PlanValue } from '../plan'

/**
 * A source's settings as stored: everything but its name and type. A stored-
 * blocks path is made absolute against the shared file's directory, so every
 * reader of the database finds the same folder.
 */
export function sourceSettings(source: Source, baseDir: string): PlanValue {
  if (source.type === 'stored_blocks') {
    const { name: _name, type: _type, path: folder, ...settings } = source
    const where = folder === undefined ? {} : { path: path.resolve(baseDir, folder) }
    return Object.fromEntries(
      Object.entries({ ...where, ...settings }).filter(([, value]) => value !== undefined),
    ) as PlanValue
  }
  const { name: _name, type: _type, ...settings } = source
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)) as PlanValue
}
