import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { ReportData } from './readReportData'

let chartLibrary: string | undefined

/**
 * TradingView Lightweight Charts' standalone build (Apache-2.0, its licence
 * header kept), read once from node_modules: the report inlines it so that it
 * opens offline.
 */
function readChartLibrary(): string {
  if (chartLibrary === undefined) {
    const require = createRequire(import.meta.url)
    const dir = path.dirname(require.resolve('lightweight-charts/package.json'))
    chartLibrary = readFileSync(path.join(dir, 'dist/lightweight-charts.standalone.production.js'), 'utf8')
  }
  return chartLibrary
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  )

/** JSON that is safe inside a `<script>` element. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v))
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')

/** A decimal string cut to `digits` fractional digits for display (the data keeps it whole). */
export function shortDecimal(value: string | null, digits = 2): string {
  if (value === null) return '—'
  const [whole, fraction = ''] = value.split('.')
  const cut = fraction.slice(0, digits).replace(/0+$/, '')
  return cut === '' ? whole! : `${whole}.${cut}`
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z')
const periodName = (seconds: number) =>
  ({ 60: '1 minute', 300: '5 minutes', 3600: '1 hour', 14400: '4 hours', 86400: '1 day' })[seconds] ??
  `${seconds} s`

/** Rows of a table with a bar per row, its length the row's share of the largest `value`. */
function barTable(title: string, headers: string[], rows: { cells: string[]; value: number }[]): string {
  const max = Math.max(0, ...rows.map((row) => row.value))
  const body =
    rows.length === 0
      ? `<tr><td colspan="${headers.length + 1}">None in this range.</td></tr>`
      : rows
          .map(
            (row) =>
              `<tr>${row.cells.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}<td class="bar"><span style="width:${max > 0 ? ((100 * row.value) / max).toFixed(1) : 0}%"></span></td></tr>`,
          )
          .join('')
  return `<section><h2>${escapeHtml(title)}</h2><table><thead><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}<th></th></tr></thead><tbody>${body}</tbody></table></section>`
}

// Draws each token's charts from the embedded data, then records what it drew on
// `window.idxReport` (candles per token, series names) for whoever reads the page.
const PAGE_SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var LW = window.LightweightCharts;
  var drawn = { candles: {}, series: [] };
  var num = function (text) { return text === null ? null : Number(text); };
  data.tokens.forEach(function (section, index) {
    var options = { autoSize: true, layout: { background: { color: '#ffffff' }, textColor: '#222' },
      timeScale: { timeVisible: true, secondsVisible: false }, rightPriceScale: { scaleMargins: { top: 0.1, bottom: 0.3 } } };
    var price = LW.createChart(document.getElementById('price-' + index), options);
    var candles = price.addSeries(LW.CandlestickSeries, { upColor: '#26a69a', downColor: '#ef5350', borderVisible: false,
      wickUpColor: '#26a69a', wickDownColor: '#ef5350', priceFormat: { type: 'price', precision: 8, minMove: 0.00000001 } });
    candles.setData(section.periods.filter(function (p) { return p.openUsd !== null; }).map(function (p) {
      return { time: p.periodStart, open: num(p.openUsd), high: num(p.highUsd), low: num(p.lowUsd), close: num(p.closeUsd) };
    }));
    var volume = price.addSeries(LW.HistogramSeries, { priceScaleId: 'volume', priceFormat: { type: 'volume' }, color: '#90a4ae' });
    price.priceScale('volume').applyOptions({ scaleMargins: { top: 0.75, bottom: 0 } });
    volume.setData(section.periods.map(function (p) { return { time: p.periodStart, value: num(p.volumeUsd) }; }));
    price.timeScale().fitContent();
    var sides = LW.createChart(document.getElementById('sides-' + index), options);
    var buys = sides.addSeries(LW.HistogramSeries, { color: '#26a69a', priceFormat: { type: 'volume' } });
    buys.setData(section.periods.map(function (p) { return { time: p.periodStart, value: num(p.buyVolumeUsd) }; }));
    var sells = sides.addSeries(LW.HistogramSeries, { color: '#ef5350', priceFormat: { type: 'volume' } });
    sells.setData(section.periods.map(function (p) { return { time: p.periodStart, value: -num(p.sellVolumeUsd) }; }));
    sides.timeScale().fitContent();
    var symbol = section.token.symbol;
    drawn.candles[symbol] = candles.data().length;
    [[candles, 'candles'], [volume, 'volume'], [buys, 'buys'], [sells, 'sells']].forEach(function (pair) {
      drawn.series.push({ token: symbol, name: pair[1], points: pair[0].data().length });
    });
  });
  window.idxReport = drawn;
  document.body.setAttribute('data-rendered', 'true');
})();
`

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 1100px; color: #222; padding: 0 16px; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 17px; margin-top: 28px; } .muted { color: #666; }
.chart { height: 360px; margin: 8px 0 4px; } .chart.small { height: 200px; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #eee; }
td.bar { width: 30%; } td.bar span { display: block; height: 10px; background: #5c6bc0; }
.totals span { margin-right: 18px; }
`

/**
 * One self-contained HTML page of a model's report: per token, USD candles
 * with volume bars and buy vs sell volume (drawn by Lightweight Charts,
 * inlined), then volume by pool and by router, the pricing method mix and the
 * unvalued swaps with their reasons. It loads nothing: it opens offline.
 */
export function renderReport(data: ReportData): string {
  const range =
    data.range === null
      ? 'The model has no aggregates yet: process blocks, or run idx stats rebuild.'
      : `${iso(data.range.from)} to ${iso(data.range.to)}, candles of ${periodName(data.periodSeconds)}`
  const sections = data.tokens
    .map((section, index) => {
      const sum = (pick: (p: (typeof section.periods)[number]) => number) =>
        section.periods.reduce((total, p) => total + pick(p), 0)
      const symbol = escapeHtml(section.token.symbol)
      return `<section class="token"><h2>${symbol} <span class="muted">${escapeHtml(section.token.address)}</span></h2>
<p class="totals"><span>${sum((p) => p.tradeCount)} trades</span><span>${sum((p) => p.buyCount)} buys</span><span>${sum((p) => p.sellCount)} sells</span></p>
<h3>Price (USD) and volume</h3><div class="chart" id="price-${index}"></div>
<h3>Buy (up) and sell (down) volume, USD</h3><div class="chart small" id="sides-${index}"></div></section>`
    })
    .join('\n')
  const pools = barTable(
    'Volume by pool',
    ['pool', 'swaps', 'USD volume', 'unvalued'],
    data.pools.map((pool) => ({
      cells: [pool.label, String(pool.swapCount), shortDecimal(pool.volumeUsd), String(pool.unvaluedCount)],
      value: Number(pool.volumeUsd),
    })),
  )
  const routers = barTable(
    'Volume by router and trade type',
    ['router', 'type', 'trades', 'USD volume'],
    data.routers.map((router) => ({
      cells: [
        router.routerLabel ?? router.router ?? 'none (sent to a pool or an unlabelled contract)',
        router.tradeType,
        String(router.tradeCount),
        shortDecimal(router.volumeUsd),
      ],
      value: Number(router.volumeUsd),
    })),
  )
  const methods = barTable(
    'Pricing method mix (USD valuations of swaps)',
    ['method', 'swaps', 'USD volume'],
    data.methods.map((method) => ({
      cells: [method.method, String(method.swapCount), shortDecimal(method.volumeUsd)],
      value: method.swapCount,
    })),
  )
  const unvalued = barTable(
    'Unvalued swaps and why',
    ['code', 'reason', 'swaps', 'blocks', 'example'],
    data.unvalued.map((row) => ({
      cells: [
        row.errorCode ?? '',
        row.reason ?? '',
        String(row.swapCount),
        `${row.firstBlock}–${row.lastBlock}`,
        row.exampleSwap,
      ],
      value: row.swapCount,
    })),
  )
  const library = readChartLibrary().replace(/<\/script/gi, '<\\/script')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>idx report: ${escapeHtml(data.model)}</title><style>${STYLE}</style></head>
<body><h1>Model “${escapeHtml(data.model)}”</h1><p class="muted">${escapeHtml(range)}</p>
${sections}
${pools}
${routers}
${methods}
${unvalued}
<p class="muted">Charts: TradingView Lightweight Charts™ (Apache License 2.0), inlined.</p>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script>${library}</script>
<script>${PAGE_SCRIPT}</script>
</body></html>
`
}
