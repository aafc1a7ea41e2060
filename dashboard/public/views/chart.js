/* global document */
const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/**
 * A horizontal bar chart as inline SVG (no library, nothing inline for the
 * CSP to refuse). Counts below 5 are drawn as "<5", as in the export.
 * @param {string} title
 * @param {Array<{label: string, count: number | string, proper?: boolean}>} rows  `proper`: a brand name, never translated
 */
export function barChart(title, rows) {
  const barH = 22;
  const labelW = 170;
  const width = 480;
  const max = Math.max(1, ...rows.map((r) => (typeof r.count === 'number' ? r.count : 4)));
  const root = svg('svg', { class: 'chart', role: 'img', width, height: Math.max(barH, rows.length * barH) + 4, viewBox: `0 0 ${width} ${Math.max(barH, rows.length * barH) + 4}` });
  root.append(svg('title', {}, title));
  rows.forEach((r, i) => {
    const y = i * barH + 2;
    const n = typeof r.count === 'number' ? r.count : 4;
    const w = Math.round(((width - labelW - 50) * n) / max);
    root.append(svg('text', { x: 0, y: y + 15, ...(r.proper ? { translate: 'no' } : {}) }, r.label.length > 24 ? `${r.label.slice(0, 23)}…` : r.label));
    root.append(svg('rect', { x: labelW, y: y + 3, width: Math.max(1, w), height: barH - 6 }));
    root.append(svg('text', { x: labelW + w + 6, y: y + 15 }, String(r.count)));
  });
  return root;
}
