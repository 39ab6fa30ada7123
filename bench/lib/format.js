'use strict'
// Number formatting and markdown tables shared by the workloads and run.js.

const fixed = (x, digits) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a')
const ms = (x) => (Number.isNaN(x) ? "n/a" : (x >= 100 ? fixed(x, 0) : x >= 10 ? fixed(x, 1) : x >= 1 ? fixed(x, 2) : fixed(x, 3)) + " ms")
const us = (x) => (x >= 100 ? fixed(x, 0) : x >= 10 ? fixed(x, 1) : fixed(x, 3)) + ' µs'
const mb = (x) => fixed(x, 0) + ' MB'
// Two decimals under 10×: a target of 1.5× is missed at 1.53×, which one decimal showed as 1.5×.
const ratio = (a, b) => (b > 0 && Number.isFinite(a) ? (a / b >= 10 ? fixed(a / b, 0) : fixed(a / b, 2)) + '×' : 'n/a')
const verdict = (ok) => (ok === undefined ? '' : ok ? 'met' : '**missed**')

// { columns: [...], rows: [[...], ...] } as a GitHub markdown table.
function table({ columns, rows }) {
  const escape = (cell) => String(cell === undefined ? '' : cell).replace(/\|/g, '\\|')
  const lines = [
    `| ${columns.map(escape).join(' | ')} |`,
    `|${columns.map((c, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
  ]
  for (const row of rows) lines.push(`| ${row.map(escape).join(' | ')} |`)
  return lines.join('\n')
}

module.exports = { fixed, ms, us, mb, ratio, verdict, table }
