import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { ModelDb } from '@idx/model-db'
import { type ReadReportDataParameters, type ReportData, readReportData } from './readReportData'
import { renderReport } from './renderReport'

export type WriteReportParameters = ReadReportDataParameters & {
  /** The HTML file to write (its folder is created). */
  out: string
}

export type WriteReportReturnType = {
  /** The absolute path written. */
  path: string
  bytes: number
  data: ReportData
  /** Milliseconds reading the data, and rendering and writing the page. */
  readMs: number
  renderMs: number
}

/**
 * Reads a model's report data and writes it as one self-contained HTML file.
 *
 * @example
 * ```ts
 * const { path } = await writeReport(db, { model: 'blub_test', tokens: [blub], out: 'report.html' })
 * ```
 */
export async function writeReport(
  db: Pick<ModelDb, 'query'>,
  parameters: WriteReportParameters,
): Promise<WriteReportReturnType> {
  const started = performance.now()
  const data = await readReportData(db, parameters)
  const read = performance.now()
  const html = renderReport(data)
  const file = path.resolve(parameters.out)
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, html)
  return {
    path: file,
    bytes: Buffer.byteLength(html),
    data,
    readMs: read - started,
    renderMs: performance.now() - read,
  }
}
