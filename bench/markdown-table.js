'use strict';
// The benches print their results as Markdown tables (pasted into notes as they are).

/** A Markdown table: header row, separator, one row per array of cells, columns padded to their widest cell. */
function markdownTable(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

module.exports = { markdownTable };
