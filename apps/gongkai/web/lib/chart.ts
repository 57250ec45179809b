/** Horizontal stacked bars in SVG: one bar per row, a segment per series, each with a title for hover. */
export interface Series {
  key: string;
  label: string;
  colour: string;
}

const SVG = 'http://www.w3.org/2000/svg';

function el(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

export function stackedBars(
  title: string,
  rows: Array<{ label: string; values: Record<string, number> }>,
  series: Series[],
): SVGSVGElement {
  const rowHeight = 26;
  const labelWidth = 170;
  const width = 640;
  const height = rows.length * rowHeight + 30;
  const max = Math.max(1, ...rows.map((r) => series.reduce((sum, s) => sum + (r.values[s.key] ?? 0), 0)));
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img' }) as SVGSVGElement;
  svg.setAttribute('aria-label', title);
  svg.appendChild(el('title', {}, title));
  rows.forEach((row, i) => {
    const y = i * rowHeight + 4;
    svg.appendChild(el('text', { x: 0, y: y + 15, 'font-size': 12 }, row.label));
    let x = labelWidth;
    for (const s of series) {
      const value = row.values[s.key] ?? 0;
      if (value === 0) continue;
      const w = ((width - labelWidth - 40) * value) / max;
      const rect = el('rect', { x, y, width: Math.max(w, 1), height: rowHeight - 8, fill: s.colour });
      rect.appendChild(el('title', {}, `${row.label} · ${s.label}: ${value}`));
      svg.appendChild(rect);
      x += w;
    }
    const total = series.reduce((sum, s) => sum + (row.values[s.key] ?? 0), 0);
    svg.appendChild(el('text', { x: x + 4, y: y + 15, 'font-size': 11 }, String(total)));
  });
  let lx = labelWidth;
  for (const s of series) {
    svg.appendChild(el('rect', { x: lx, y: height - 18, width: 10, height: 10, fill: s.colour }));
    svg.appendChild(el('text', { x: lx + 14, y: height - 9, 'font-size': 11 }, s.label));
    lx += 110;
  }
  return svg;
}
