/**
 * A chart of the Metrics panel as a standalone SVG file: the chart's <svg> cloned with its computed
 * colours, strokes and fonts inlined (the theme's CSS variables do not travel), a background, and the
 * title and legend (HTML around the <svg> in the panel) drawn in.
 */
const STYLE_PROPS = ['stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'fill', 'fill-opacity', 'opacity', 'font-size', 'font-family', 'font-weight', 'text-anchor', 'dominant-baseline'];
const SVG_NS = 'http://www.w3.org/2000/svg';

/** Serialises the <svg> inside a chart element (a `.chart` with its title and legend); null when it has none. */
export function chartToSvg(chart: Element): string | null {
  const svg = chart.querySelector('.chart-body svg');
  if (!(svg instanceof SVGSVGElement)) return null;
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...Array.from(svg.querySelectorAll('*'))];
  const copies = [clone, ...Array.from(clone.querySelectorAll('*'))];
  originals.forEach((el, i) => {
    const computed = getComputedStyle(el);
    const style = STYLE_PROPS.map((p) => [p, computed.getPropertyValue(p)] as const)
      .filter(([, v]) => v && v !== 'normal' && v !== 'auto')
      .map(([p, v]) => `${p}:${v}`)
      .join(';');
    const copy = copies[i];
    copy.removeAttribute('class');
    if (style) copy.setAttribute('style', style);
  });
  const width = Number(svg.getAttribute('width')) || svg.getBoundingClientRect().width;
  const height = Number(svg.getAttribute('height')) || svg.getBoundingClientRect().height;
  const chartStyle = getComputedStyle(chart);
  const bg = chartStyle.backgroundColor && chartStyle.backgroundColor !== 'rgba(0, 0, 0, 0)' ? chartStyle.backgroundColor : getComputedStyle(document.body).backgroundColor || '#ffffff';
  const fg = chartStyle.color || '#222222';
  const title = chart.querySelector('.chart-title-text')?.textContent ?? '';
  const legend = Array.from(chart.querySelectorAll('.chart-legend-item')).map((item) => {
    const line = item.querySelector('line');
    return {
      label: item.textContent ?? '',
      color: line ? getComputedStyle(line).stroke || line.getAttribute('stroke') || fg : fg,
      dash: line?.getAttribute('stroke-dasharray') ?? '',
    };
  });
  const top = 24;
  const legendH = legend.length * 16 + (legend.length ? 8 : 0);
  const out = document.createElementNS(SVG_NS, 'svg');
  out.setAttribute('xmlns', SVG_NS);
  out.setAttribute('width', String(width));
  out.setAttribute('height', String(top + height + legendH));
  out.setAttribute('font-family', 'system-ui, sans-serif');
  const rect = document.createElementNS(SVG_NS, 'rect');
  rect.setAttribute('width', '100%');
  rect.setAttribute('height', '100%');
  rect.setAttribute('fill', bg);
  out.appendChild(rect);
  const text = (x: number, y: number, content: string, size: number, weight = 'normal') => {
    const t = document.createElementNS(SVG_NS, 'text');
    t.setAttribute('x', String(x));
    t.setAttribute('y', String(y));
    t.setAttribute('font-size', String(size));
    t.setAttribute('font-weight', weight);
    t.setAttribute('fill', fg);
    t.textContent = content;
    return t;
  };
  out.appendChild(text(8, 16, title, 13, '600'));
  const g = document.createElementNS(SVG_NS, 'g');
  g.setAttribute('transform', `translate(0,${top})`);
  clone.setAttribute('x', '0');
  clone.setAttribute('y', '0');
  g.appendChild(clone);
  out.appendChild(g);
  legend.forEach((l, i) => {
    const y = top + height + 12 + i * 16;
    const line = document.createElementNS(SVG_NS, 'line');
    line.setAttribute('x1', '8');
    line.setAttribute('x2', '26');
    line.setAttribute('y1', String(y - 4));
    line.setAttribute('y2', String(y - 4));
    line.setAttribute('stroke', l.color);
    line.setAttribute('stroke-width', '2');
    if (l.dash) line.setAttribute('stroke-dasharray', l.dash);
    out.appendChild(line);
    out.appendChild(text(32, y, l.label, 11));
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(out)}\n`;
}
