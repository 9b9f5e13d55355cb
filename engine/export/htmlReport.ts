/**
 * A run as one self-contained HTML report that reads like a notebook: the pipeline's title and
 * description, the pipeline drawn as a figure, its notes, every node's parameters (defaults applied), the
 * partition heatmap, the accuracy and loss charts, the final metrics, and how it ran (seed, backend, date).
 * Inline CSS and SVG only: no scripts, no external resources. Every piece of text is escaped.
 */
import { extent, nice, ticks } from 'd3-array';
import type { PipelineDocument, PipelineNode } from '../format/pipeline.js';
import { outputPort, PORT_TYPES } from '../format/ports.js';
import { nodeSpec } from '../nodes/index.js';
import type { FederationSummary, PartitionInfo, RunSummary } from '../run/events.js';
import { byteUnit, formatBytes } from '../text/bytes.js';
import { escapeHtml as esc, markdownHtml } from './reportMarkdown.js';
import { cumulativeBytesByRound, trafficTotals } from './traffic.js';
import { privacySection } from './privacyStatement.js';
import { defenceSection } from './defenceReport.js';
import { leakageSection } from './leakageSection.js';

export interface HtmlReportExtras {
  /** The run's partitions (from its run-started event), for the heatmap. */
  partitions?: PartitionInfo[];
  /** The GPU adapter the backend ran on, when there was one. */
  adapter?: string;
  /** When the run was made; now by default. */
  date?: Date;
}

const SERIES_COLORS = ['#4f9dde', '#e0a030', '#40b080', '#e05a70', '#a070e0', '#30b8c0', '#d08050', '#8a9a40', '#c060b0', '#7080a0'];
const seriesColor = (i: number) => SERIES_COLORS[i % SERIES_COLORS.length];

/** A node kind's colour in the report: its spec's report colour, else its canvas colour. */
const kindColor = (node: PipelineNode): string => {
  const spec = nodeSpec(node.kind);
  return spec.report.color ?? spec.color;
};

const NODE_W = 190;
const NODE_H = 56;

const fmt = (v: number): string => {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a >= 1000 || a < 0.001 ? v.toPrecision(4) : String(Number(v.toPrecision(4)));
};
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(2)}%`);
const num = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(4));
const nodeName = (n: PipelineNode) => n.label ?? n.id;

/** A param value as text. */
function valueText(v: unknown): string {
  if (typeof v === 'number') return fmt(v);
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  return JSON.stringify(v);
}

/** A node's params with their defaults, or as written when they do not parse. */
export function resolvedParams(node: PipelineNode): Record<string, unknown> {
  const parsed = nodeSpec(node.kind).params.safeParse(node.params);
  return parsed.success ? (parsed.data as Record<string, unknown>) : node.params;
}

/** Truncates a label to fit a box. */
const fit = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** An edge's curve from a node's right side to another's left: its end points and control points. */
function edgeCurve(s: PipelineNode, t: PipelineNode): { x1: number; y1: number; c1: number; c2: number; x2: number; y2: number } {
  const x1 = s.position.x + NODE_W;
  const y1 = s.position.y + NODE_H / 2;
  const x2 = t.position.x;
  const y2 = t.position.y + NODE_H / 2;
  const dx = Math.max(40, Math.abs(x2 - x1) / 2);
  return { x1, y1, c1: x1 + dx, c2: x2 - dx, x2, y2 };
}

/**
 * The pipeline as an SVG figure: boxes at the nodes' positions, edges coloured by port type. Its viewBox
 * holds every box (position plus width and height) and every edge's curve (a cubic Bézier stays within
 * its control points), and it scales down to the page's width instead of being cut off.
 */
export function pipelineSvg(doc: PipelineDocument): string {
  const nodes = doc.nodes;
  if (nodes.length === 0) return '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40" role="img" aria-label="empty pipeline"><text x="10" y="25" fill="#666">No nodes.</text></svg>';
  const pad = 20;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const curves = doc.edges.flatMap((e) => {
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    return s && t ? [{ edge: e, s, ...edgeCurve(s, t) }] : [];
  });
  const xs = [...nodes.flatMap((n) => [n.position.x, n.position.x + NODE_W]), ...curves.flatMap((c) => [c.x1, c.c1, c.c2, c.x2])];
  const ys = nodes.flatMap((n) => [n.position.y, n.position.y + NODE_H]);
  // extent, not Math.min(...xs): spreading the coordinates of a 100,000-node document overflows the stack.
  const [xLow = 0, xHigh = 0] = extent(xs);
  const [yLowest = 0, yHighest = 0] = extent(ys);
  const minX = xLow - pad;
  const minY = yLowest - pad;
  const w = xHigh + pad - minX;
  const h = yHighest + pad - minY;
  const parts: string[] = [];
  for (const c of curves) {
    const port = outputPort(c.s.kind, c.edge.sourceHandle);
    const color = port ? PORT_TYPES[port.type].color : '#888';
    parts.push(
      `<path d="M${c.x1},${c.y1} C${c.c1},${c.y1} ${c.c2},${c.y2} ${c.x2},${c.y2}" fill="none" stroke="${color}" stroke-width="2"><title>${esc(port ? PORT_TYPES[port.type].label : 'edge')}</title></path>`,
    );
  }
  for (const n of nodes) {
    const { x, y } = n.position;
    const color = kindColor(n);
    const dash = nodeSpec(n.kind).report.outline === 'dashed' ? ' stroke-dasharray="4 3"' : '';
    parts.push(
      `<g><rect x="${x}" y="${y}" width="${NODE_W}" height="${NODE_H}" rx="6" fill="#ffffff" stroke="${color}" stroke-width="2"${dash}/>` +
        `<rect x="${x}" y="${y}" width="6" height="${NODE_H}" rx="3" fill="${color}"/>` +
        `<text x="${x + 14}" y="${y + 23}" font-size="13" font-weight="600" fill="#222">${esc(fit(nodeName(n), 24))}</text>` +
        `<text x="${x + 14}" y="${y + 42}" font-size="11" fill="#666">${esc(n.kind)} · ${esc(fit(n.id, 20))}</text></g>`,
    );
  }
  // width/height give the natural size; the style lets the page shrink it to fit, keeping its shape.
  return `<svg xmlns="http://www.w3.org/2000/svg" class="pipeline" viewBox="${minX} ${minY} ${w} ${h}" width="${w}" height="${h}" style="max-width:100%;height:auto" role="img" aria-label="The pipeline" font-family="system-ui, sans-serif">${parts.join('')}</svg>`;
}

export interface ChartSeries {
  label: string;
  color: string;
  dashed?: boolean;
  points: { x: number; y: number }[];
}

/** About how many ticks the y axis gets. */
const Y_TICKS = 5;

/** What a chart's x axis shows: rounds by default (whole ticks from the first round). */
export interface ChartXAxis {
  /** The axis' label. */
  label: string;
  /** Start the axis at 0 rather than at the smallest x (a running total starts from nothing). */
  fromZero?: boolean;
  /** Ticks at whole numbers only, as rounds are. */
  whole?: boolean;
}

const ROUNDS_AXIS: ChartXAxis = { label: 'round', whole: true };

/** A line chart as SVG: rounds (or `options.x`) on x, values on y, one line per series, with a legend. */
export function lineChartSvg(
  title: string,
  series: ChartSeries[],
  options: { yDomain?: [number, number]; yFormat?: (v: number) => string; x?: ChartXAxis } = {},
): string {
  const xAxis = options.x ?? ROUNDS_AXIS;
  const W = 560;
  const H = 300;
  const m = { l: 56, r: 16, t: 28, b: 40 };
  const all = series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.y));
  const xs = all.map((p) => p.x);
  const ys = all.map((p) => p.y);
  const [xMin, xMax] = extent(xs);
  const [yMin, yMax] = extent(ys);
  const x0 = xAxis.fromZero ? Math.min(0, xMin ?? 0) : (xMin ?? 0);
  // Rounds need a span of one at least; a running total, any span above zero.
  const x1 = xMax === undefined ? x0 + 1 : xAxis.whole ? Math.max(xMax, x0 + 1) : xMax > x0 ? xMax : x0 + 1;
  const [yLow, yTop] = options.yDomain ?? [Math.min(0, yMin ?? 0), yMax ?? 1];
  // Round tick values (1, 2 or 5 times a power of ten, as d3 picks them) on a domain widened to the ticks.
  const [y0, y1] = options.yDomain ? [yLow, yTop > yLow ? yTop : yLow + 1] : nice(yLow, yTop > yLow ? yTop : yLow + 1, Y_TICKS);
  const px = (x: number) => m.l + ((x - x0) / (x1 - x0)) * (W - m.l - m.r);
  const py = (y: number) => H - m.b - ((y - y0) / (y1 - y0)) * (H - m.t - m.b);
  const yf = options.yFormat ?? fmt;
  const parts: string[] = [`<text x="${m.l}" y="18" font-size="13" font-weight="600" fill="#222">${esc(title)}</text>`];
  for (const v of ticks(y0, y1, Y_TICKS)) {
    const y = py(v);
    parts.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${y}" y2="${y}" stroke="#e4e4e4"/>`);
    parts.push(`<text x="${m.l - 6}" y="${y + 4}" font-size="10" text-anchor="end" fill="#666">${esc(yf(v))}</text>`);
  }
  // Rounds are whole numbers: whole ticks only, at most ten.
  const xTicks = xAxis.whole ? ticks(x0, x1, Math.min(10, Math.max(1, x1 - x0))).filter(Number.isInteger) : ticks(x0, x1, 8);
  for (const v of xTicks) {
    parts.push(`<text x="${px(v)}" y="${H - m.b + 14}" font-size="10" text-anchor="middle" fill="#666">${esc(fmt(v))}</text>`);
  }
  parts.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${H - m.b}" y2="${H - m.b}" stroke="#999"/>`);
  parts.push(`<line x1="${m.l}" x2="${m.l}" y1="${m.t}" y2="${H - m.b}" stroke="#999"/>`);
  parts.push(`<text x="${(m.l + W - m.r) / 2}" y="${H - 8}" font-size="10" text-anchor="middle" fill="#666">${esc(xAxis.label)}</text>`);
  for (const s of series) {
    const pts = s.points.filter((p) => Number.isFinite(p.y));
    if (pts.length === 0) continue;
    const d = pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ');
    const dash = s.dashed ? ' stroke-dasharray="5 4"' : '';
    parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${dash}><title>${esc(s.label)}</title></path>`);
    if (pts.length === 1) parts.push(`<circle cx="${px(pts[0].x)}" cy="${py(pts[0].y)}" r="3" fill="${s.color}"/>`);
  }
  const legend = series
    .filter((s) => s.points.length > 0)
    .map(
      (s, i) =>
        `<g transform="translate(${m.l + 8},${m.t + 8 + i * 14})"><line x1="0" x2="18" y1="0" y2="0" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 4"' : ''}/><text x="24" y="4" font-size="10" fill="#333">${esc(s.label)}</text></g>`,
    );
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}" font-family="system-ui, sans-serif">${parts.join('')}${legend.join('')}</svg>`;
}

/** The heatmap's colour for a count as a fraction of the largest: white to blue. */
const heatColor = (a: number) => `rgb(${Math.round(255 - a * 196)},${Math.round(255 - a * 120)},${Math.round(255 - a * 34)})`;

/** A partition as a heatmap: one row per client, one column per label, darker for more rows. */
export function heatmapSvg(p: PartitionInfo, maxRows = 100): string {
  const rows = p.labelCounts.slice(0, maxRows);
  const cols = p.classNames.length;
  const cell = rows.length > 40 ? 8 : 16;
  const left = 60;
  const top = 24;
  const max = Math.max(1, ...rows.flat());
  const parts: string[] = [];
  p.classNames.forEach((name, j) => {
    if (cell >= 12) parts.push(`<text x="${left + j * cell + cell / 2}" y="${top - 6}" font-size="9" text-anchor="middle" fill="#666">${esc(fit(name, 4))}</text>`);
  });
  rows.forEach((counts, i) => {
    if (cell >= 12 || i % 5 === 0) parts.push(`<text x="${left - 6}" y="${top + i * cell + cell * 0.75}" font-size="9" text-anchor="end" fill="#666">client ${i}</text>`);
    counts.forEach((c, j) => {
      parts.push(
        `<rect x="${left + j * cell}" y="${top + i * cell}" width="${cell - 1}" height="${cell - 1}" fill="${heatColor(c / max)}"><title>client ${i}, ${esc(p.classNames[j] ?? String(j))}: ${c}</title></rect>`,
      );
    });
  });
  // The legend, beside the cells: the colour scale from 0 to the largest count, in steps.
  const legendX = left + cols * cell + 24;
  const legendH = Math.max(60, Math.min(160, rows.length * cell));
  const steps = 10;
  parts.push(`<g class="legend"><text x="${legendX}" y="${top - 6}" font-size="9" fill="#666">rows</text>`);
  for (let k = 0; k < steps; k++) {
    // The top step is the darkest, as the largest count is written at the top.
    const a = 1 - k / (steps - 1);
    parts.push(`<rect x="${legendX}" y="${top + (k * legendH) / steps}" width="12" height="${legendH / steps + 0.5}" fill="${heatColor(a)}"/>`);
  }
  parts.push(
    `<rect x="${legendX}" y="${top}" width="12" height="${legendH}" fill="none" stroke="#ccc"/>` +
      `<text x="${legendX + 16}" y="${top + 8}" font-size="9" fill="#666">${max}</text>` +
      `<text x="${legendX + 16}" y="${top + legendH}" font-size="9" fill="#666">0</text></g>`,
  );
  const w = legendX + 16 + 6 * String(max).length + 10;
  const h = top + Math.max(rows.length * cell, legendH) + 10;
  return `<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="Labels per client, split ${esc(p.splitId)}" font-family="system-ui, sans-serif">${parts.join('')}</svg>`;
}

/**
 * A node's parameters as the run used them: defaults filled in, and what the run changed (`--rounds`)
 * shown with what the file says.
 */
function paramsTable(node: PipelineNode, ran: Readonly<Record<string, unknown>> = {}): string {
  const params = resolvedParams(node);
  const written = new Set(Object.keys(node.params));
  const rows = Object.entries(params).map(([k, v]) => {
    const changed = Object.hasOwn(ran, k) && ran[k] !== v;
    const value = changed ? ran[k] : v;
    const note = changed ? `set for this run (the file says ${esc(valueText(v))})` : written.has(k) ? '' : 'default';
    return `<tr><th>${esc(k)}</th><td>${esc(valueText(value))}</td><td class="muted">${note}</td></tr>`;
  });
  return rows.length ? `<table class="params">${rows.join('')}</table>` : '<p class="muted">No parameters.</p>';
}

const CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#222;background:#fff;max-width:1000px;margin:2em auto;padding:0 1.5em;line-height:1.5}
h1{font-size:1.8em;margin-bottom:.2em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}
.meta{color:#555;font-size:.9em}.muted{color:#888;font-size:.85em}
figure{margin:1em 0;overflow-x:auto}figcaption{color:#555;font-size:.85em}
table{border-collapse:collapse;margin:.5em 0 1em}th,td{border:1px solid #ddd;padding:.25em .6em;text-align:left;font-size:.9em}
th{background:#f6f6f6;font-weight:600}table.params th{width:12em}table.traffic td{white-space:nowrap}
.node{margin:1em 0}.node h3{margin:.2em 0;font-size:1.05em}.kind{display:inline-block;font-size:.75em;padding:0 .5em;border-radius:3px;color:#fff;margin-left:.5em;vertical-align:middle}
.note{border-left:4px solid #9a9a9a;background:#fafafa;padding:.3em 1em;margin:1em 0}
code{background:#f2f2f2;padding:0 .25em;border-radius:3px}
.charts{display:flex;flex-wrap:wrap;gap:1em}
`;

/** A note's title and the markdown under it: a leading heading that repeats the label is the title, not repeated. */
function noteTitle(label: string | undefined, text: string, fallback: string): { title: string; body: string } {
  const [first, ...rest] = text.split('\n');
  const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(first ?? '')?.[1];
  const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
  if (heading !== undefined && (label === undefined || same(heading, label))) return { title: heading, body: rest.join('\n') };
  return { title: label ?? fallback, body: text };
}

/** A federation's traffic: the summary's totals, or its history's sums where the summary has none. */
const trafficOf = (f: FederationSummary) => f.traffic ?? trafficTotals(f.history);

/** The unit the uplink chart's axis counts in: the one that reads best for the largest federation's uplink. */
const uplinkUnit = (feds: readonly FederationSummary[]) => byteUnit(feds.reduce((m, f) => Math.max(m, trafficOf(f).bytesUp), 0));

function uplinkAxis(feds: readonly FederationSummary[]): ChartXAxis {
  return { label: `cumulative uplink (${uplinkUnit(feds).unit}): the bytes clients had sent by each round's end`, fromZero: true };
}

/**
 * Each federation's accuracies placed at the bytes its clients had sent by the end of their round, in
 * the axis' unit: where federations reach the same accuracy, the leftmost got there on the least upload.
 */
function accuracyByUplink(feds: readonly FederationSummary[]): ChartSeries[] {
  const unit = uplinkUnit(feds).bytes;
  return feds.flatMap((f, i) => {
    const sent = cumulativeBytesByRound(f.history, 'up');
    const at = (round: number) => sent.get(round)! / unit;
    const s: ChartSeries[] = [{ label: f.label, color: seriesColor(i), points: f.history.filter((r) => r.test).map((r) => ({ x: at(r.round), y: r.test!.accuracy })) }];
    const fed = f.history.filter((r) => r.federated);
    if (fed.length > 0) s.push({ label: `${f.label} (hold-outs)`, color: seriesColor(i), dashed: true, points: fed.map((r) => ({ x: at(r.round), y: r.federated!.accuracy })) });
    return s;
  });
}

/** A byte count as a table cell: short, with the exact count on hover. */
const bytesCell = (bytes: number) => `<td title="${bytes.toLocaleString('en')} bytes">${esc(formatBytes(bytes))}</td>`;

/** The traffic per federation: uplink, downlink, both, and both per round run, with how they are counted. */
function trafficSection(feds: readonly FederationSummary[]): string[] {
  const out = ['<h2>Communication</h2>'];
  out.push('<table class="traffic"><tr><th>Federation</th><th>Rounds run</th><th title="clients to server">Uplink ↑</th><th title="server to clients">Downlink ↓</th><th>Total</th><th>Total per round</th></tr>');
  for (const f of feds) {
    const { bytesUp, bytesDown } = trafficOf(f);
    const rounds = f.history.length;
    out.push(
      `<tr><td>${esc(f.label)} <span class="muted">${esc(f.aggregatorId)}</span></td><td>${rounds}</td>${bytesCell(bytesUp)}${bytesCell(bytesDown)}${bytesCell(bytesUp + bytesDown)}${rounds > 0 ? bytesCell((bytesUp + bytesDown) / rounds) : '<td>—</td>'}</tr>`,
    );
  }
  out.push('</table>');
  out.push(
    '<p class="muted">Bytes of the model weights and of any extra tensors a strategy sends beside them (SCAFFOLD’s control variates), as they travel in training rounds. Downlink (server to clients): the model sent to each sampled client, those that then dropped out, failed or came late included (a client that refused the round, with no training rows, took nothing). Uplink (clients to server): the update of each client whose answer arrived in time. Federated evaluation’s traffic is not counted. 1 kB = 1000 bytes.</p>',
  );
  return out;
}

/** The report as one HTML document. */
export function htmlReport(doc: PipelineDocument, summary: RunSummary, extras: HtmlReportExtras = {}): string {
  const date = extras.date ?? new Date();
  const backend = `${summary.backend}${extras.adapter ? ` (${extras.adapter})` : ''}`;
  const notes = doc.nodes.filter((n) => nodeSpec(n.kind).report.section === 'notes');
  const work = doc.nodes.filter((n) => nodeSpec(n.kind).report.section === 'parameters');
  // What the run changed from the file: the rounds each federation ran for (`--rounds`).
  const ran = new Map(summary.federations.map((f) => [f.aggregatorId, { rounds: f.rounds }]));
  const out: string[] = [];
  out.push('<!DOCTYPE html>', '<html lang="en"><head><meta charset="utf-8">', `<title>${esc(doc.name)} — FedFlow report</title>`);
  out.push('<meta name="viewport" content="width=device-width, initial-scale=1">', `<style>${CSS}</style></head><body>`);
  out.push(`<h1>${esc(doc.name)}</h1>`);
  out.push(
    `<p class="meta">FedFlow Studio report · run <code>${esc(summary.runId)}</code> · ${esc(date.toISOString().replace('T', ' ').slice(0, 19))} UTC · seed ${summary.seed} · backend ${esc(backend)} · ${summary.workers} worker${summary.workers === 1 ? '' : 's'} · ${(summary.wallMs / 1000).toFixed(1)} s</p>`,
  );
  if (doc.description) out.push(`<section class="description">${markdownHtml(doc.description)}</section>`);

  out.push('<h2>The pipeline</h2>', `<figure>${pipelineSvg(doc)}<figcaption>Edges are coloured by what they carry: ${Object.values(PORT_TYPES).map((p) => `<span style="color:${p.color}">■</span> ${esc(p.label)}`).join(', ')}.</figcaption></figure>`);

  if (notes.length > 0) {
    out.push('<h2>Notes</h2>');
    for (const n of notes) {
      const report = nodeSpec(n.kind).report;
      const text = report.section === 'notes' ? report.text(n.params) : '';
      // A note that opens with its own title as a heading ("## What to look at") shows that title once.
      const { title, body } = noteTitle(n.label, text, n.id);
      out.push(`<div class="note"><h3>${esc(title)}</h3>${markdownHtml(body)}</div>`);
    }
  }

  out.push('<h2>Nodes and parameters</h2>');
  for (const n of work) {
    out.push(
      `<div class="node"><h3>${esc(nodeName(n))}<span class="kind" style="background:${kindColor(n)}">${esc(n.kind)}</span> <span class="muted">${esc(n.id)}</span></h3>${paramsTable(n, ran.get(n.id))}</div>`,
    );
  }

  const partitions = extras.partitions ?? [];
  if (partitions.length > 0) {
    out.push('<h2>Partitions</h2>');
    for (const p of partitions) {
      const shown = p.labelCounts.length > 100 ? ` (the first 100 of ${p.numClients})` : '';
      out.push(`<figure>${heatmapSvg(p)}<figcaption>Split <code>${esc(p.splitId)}</code>: training rows per label for each of ${p.numClients} clients${shown}.</figcaption></figure>`);
    }
  }

  const feds = summary.federations;
  const accuracy: ChartSeries[] = feds.flatMap((f, i) => {
    const s: ChartSeries[] = [{ label: f.label, color: seriesColor(i), points: f.history.filter((r) => r.test).map((r) => ({ x: r.round, y: r.test!.accuracy })) }];
    const fed = f.history.filter((r) => r.federated);
    if (fed.length > 0) s.push({ label: `${f.label} (hold-outs)`, color: seriesColor(i), dashed: true, points: fed.map((r) => ({ x: r.round, y: r.federated!.accuracy })) });
    return s;
  });
  const loss: ChartSeries[] = feds.flatMap((f, i) => [
    { label: `${f.label} training Σ(nᵢ/n)·Lᵢ`, color: seriesColor(i), points: f.history.filter((r) => r.trainLoss !== null).map((r) => ({ x: r.round, y: r.trainLoss! })) },
    { label: `${f.label} test`, color: seriesColor(i), dashed: true, points: f.history.filter((r) => r.test).map((r) => ({ x: r.round, y: r.test!.loss })) },
  ]);
  const accuracyFormat = { yDomain: [0, 1] as [number, number], yFormat: (v: number) => `${Math.round(v * 100)}%` };
  out.push('<h2>Training</h2>', '<div class="charts">');
  out.push(`<figure>${lineChartSvg('Test accuracy', accuracy, accuracyFormat)}</figure>`);
  out.push(`<figure>${lineChartSvg('Test accuracy against cumulative uplink', accuracyByUplink(feds), { ...accuracyFormat, x: uplinkAxis(feds) })}</figure>`);
  out.push(`<figure>${lineChartSvg('Loss: training Σ(nᵢ/n)·Lᵢ solid, test dashed', loss)}</figure>`);
  out.push('</div>');

  out.push('<h2>Final metrics</h2>');
  out.push('<table class="final"><tr><th>Federation</th><th>Strategy</th><th>Rounds</th><th>Test accuracy</th><th>Test loss</th><th>Training loss</th></tr>');
  for (const f of feds) {
    out.push(
      `<tr><td>${esc(f.label)} <span class="muted">${esc(f.aggregatorId)}</span></td><td>${esc(f.strategy)}</td><td>${f.rounds}</td><td>${pct(f.final.accuracy)}</td><td>${num(f.final.loss)}</td><td>${num(f.final.trainLoss)}</td></tr>`,
    );
  }
  out.push('</table>');
  out.push(...defenceSection(doc, summary));
  out.push(...trafficSection(feds));
  out.push(...privacySection(doc, feds));
  out.push(...leakageSection(feds));
  out.push(
    `<p class="meta">Seed ${summary.seed} · backend ${esc(backend)} · pipeline “${esc(summary.pipeline)}” · made ${esc(date.toISOString())} by FedFlow Studio. The same document, seed and backend give the same numbers.</p>`,
  );
  out.push('</body></html>', '');
  return out.join('\n');
}
