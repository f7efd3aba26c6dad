export {
  choosePeriod,
  type ReadReportDataParameters,
  type ReportData,
  type ReportToken,
  readReportData,
} from './readReportData'
export { renderReport, shortDecimal } from './renderReport'
export { type WriteReportParameters, type WriteReportReturnType, writeReport } from './writeReport'
