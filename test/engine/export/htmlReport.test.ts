/** `htmlReport`: one self-contained HTML notebook of a run — nodes, params, notes, figures, final metrics, all escaped. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { heatmapSvg, htmlReport, lineChartSvg, pipelineSvg, resolvedParams } from '../../../engine/export/htmlReport.js';
import { markdownHtml } from '../../../engine/export/reportMarkdown.js';
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import { parsePipelineText } from '../../../engine/format/validate.js';
import type { PartitionInfo, RoundRecord, RunSummary } from '../../../engine/run/events.js';
import { templateFiles } from './docs.js';
import { ROOT } from './helpers.js';

function template(name: string): PipelineDocument {
  const { doc } = parsePipelineText(readFileSync(join(ROOT, 'templates', name), 'utf8'));
  assert.ok(doc, name);
  return doc;
}

function record(aggregatorId: string, round: number, accuracy: number): RoundRecord {
  return {
    aggregatorId,
    round,
    participants: 10,
    dropped: 0,
    trainLoss: 2 / round,
    bytesUp: 1000,
    bytesDown: 1000,
    ms: 12,
    test: { examples: 100, loss: 1.5 / round, accuracy, perClassAccuracy: [], confusion: [] },
  };
}

function summaryOf(doc: PipelineDocument): RunSummary {
  const aggregators = doc.nodes.filter((n) => n.kind === 'aggregator');
  return {
    runId: 'run-1',
    pipeline: doc.name,
    seed: doc.seed,
    backend: 'wasm',
    workers: 2,
    wallMs: 4321,
    federations: aggregators.map((a, i) => {
      const history = [1, 2, 3].map((r) => record(a.id, r, 0.5 + 0.1 * r + 0.01 * i));
      return {
        aggregatorId: a.id,
        label: a.label ?? a.id,
        strategy: 'FedAvg',
        rounds: 3,
        history,
        final: { accuracy: history[2].test!.accuracy, loss: history[2].test!.loss, trainLoss: history[2].trainLoss },
      };
    }),
  };
}

const partitions: PartitionInfo[] = [
  { splitId: 'split', numClients: 3, labelCounts: [[5, 0], [2, 3], [0, 5]], holdoutSizes: [0, 0, 0], classNames: ['0', '1'] },
];

describe('htmlReport', () => {
  const doc = template('mnist-fedavg.fedflow.json');
  const summary = summaryOf(doc);
  const html = htmlReport(doc, summary, { partitions, adapter: 'Test adapter', date: new Date('2025-01-02T03:04:05Z') });

  test('is one HTML document with every node, its resolved params and the notes', () => {
    assert.match(html, /^<!DOCTYPE html>/);
    assert.ok(html.includes(doc.name));
    for (const n of doc.nodes) {
      assert.ok(html.includes(n.label ?? n.id), `label of ${n.id}`);
      if (n.kind === 'note') continue;
      for (const [k, v] of Object.entries(resolvedParams(n))) {
        assert.ok(html.includes(`<th>${k}</th>`), `param ${n.id}.${k}`);
        if (typeof v === 'string') assert.ok(html.includes(v), `value ${n.id}.${k}`);
      }
    }
    const note = doc.nodes.find((n) => n.kind === 'note');
    assert.ok(note);
    const firstWords = String(note.params.text).split('\n')[0].replace(/[*_`#]/g, '').trim().slice(0, 20);
    assert.ok(html.includes(firstWords.replace(/&/g, '&amp;')), 'the note text');
  });

  test('draws the pipeline, the charts and the heatmap as inline SVG', () => {
    assert.match(html, /<svg[^>]*class="pipeline"/);
    assert.equal((html.match(/<svg[^>]*class="chart"/g) ?? []).length, 3);
    assert.match(html, /<svg[^>]*class="heatmap"/);
    assert.ok(html.includes('Test accuracy'));
    assert.ok(html.includes('Σ(nᵢ/n)·Lᵢ'));
  });

  test('has the final accuracy, seed, backend, adapter and date', () => {
    const final = summary.federations[0].final.accuracy!;
    assert.ok(html.includes(`${(final * 100).toFixed(2)}%`));
    assert.ok(html.includes(`seed ${doc.seed}`));
    assert.ok(html.includes('backend wasm (Test adapter)'));
    assert.ok(html.includes('2025-01-02'));
  });

  test('needs no scripts and loads nothing from outside', () => {
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /\b(src|href)\s*=\s*["']?\s*(https?:|\/\/)/i);
    assert.doesNotMatch(html, /url\(\s*["']?\s*(https?:|\/\/)/i);
    assert.doesNotMatch(html, /<(link|iframe|img|object|embed)\b/i);
  });

  test('escapes labels, descriptions, notes and params', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const bad: PipelineDocument = {
      ...doc,
      name: `A ${evil}`,
      description: `**bold** ${evil} <script>alert(2)</script>`,
      nodes: doc.nodes.map((n) =>
        n.kind === 'note' ? { ...n, label: evil, params: { text: `# ${evil}\n- ${evil}` } } : n.kind === 'dataset' ? { ...n, label: evil } : n,
      ),
    };
    const out = htmlReport(bad, { ...summaryOf(bad), pipeline: evil, backend: evil }, { adapter: evil, partitions: [{ ...partitions[0], splitId: evil, classNames: [evil, '1'] }] });
    assert.doesNotMatch(out, /<img/i);
    assert.doesNotMatch(out, /<script/i);
    assert.ok(out.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(out.includes('<strong>bold</strong>'));
  });

  test('reports every federation of a comparison', () => {
    const cmp = template('iid-vs-noniid.fedflow.json');
    const s = summaryOf(cmp);
    const out = htmlReport(cmp, s);
    for (const f of s.federations) assert.ok(out.includes(f.label));
    assert.ok(s.federations.length >= 2);
  });
});

/** The numbers of an SVG's viewBox. */
function viewBox(svg: string): { x: number; y: number; w: number; h: number } {
  const [x, y, w, h] = /viewBox="([^"]+)"/.exec(svg)![1].split(' ').map(Number);
  return { x, y, w, h };
}

/** Every point a figure draws: each box's corners, each curve's end and control points. */
function drawnPoints(svg: string): [number, number][] {
  const points: [number, number][] = [];
  for (const m of svg.matchAll(/<rect x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)"/g)) {
    const [x, y, w, h] = m.slice(1).map(Number);
    points.push([x, y], [x + w, y + h]);
  }
  for (const m of svg.matchAll(/<path d="([^"]+)"/g)) {
    for (const p of m[1].matchAll(/(-?[\d.]+),(-?[\d.]+)/g)) points.push([Number(p[1]), Number(p[2])]);
  }
  return points;
}

describe('the pipeline figure', () => {
  const inside = (svg: string, name: string) => {
    const box = viewBox(svg);
    const points = drawnPoints(svg);
    assert.ok(points.length > 0, name);
    for (const [x, y] of points) {
      assert.ok(x >= box.x && x <= box.x + box.w && y >= box.y && y <= box.y + box.h, `${name}: (${x}, ${y}) outside ${JSON.stringify(box)}`);
    }
  };

  test('holds every node and edge of every template, and shrinks to the page instead of being cut off', () => {
    for (const name of templateFiles()) {
      const svg = pipelineSvg(template(name));
      inside(svg, name);
      assert.match(svg, /^<svg[^>]*style="max-width:100%;height:auto"/, name);
    }
    // robust-aggregation reaches x = 1230 (the evaluate nodes at 1040 and 190 wide): wider than the page's 1000 px.
    assert.ok(viewBox(pipelineSvg(template('robust-aggregation.fedflow.json'))).w > 1000);
  });

  test('holds an edge that runs back to the left of the node it leaves', () => {
    const doc = template('mnist-fedavg.fedflow.json');
    // Move the evaluate node far to the left of its aggregator: its edge curves out beyond both.
    const moved = { ...doc, nodes: doc.nodes.map((n) => (n.kind === 'evaluate' ? { ...n, position: { x: -400, y: n.position.y } } : n)) };
    inside(pipelineSvg(moved), 'backwards edge');
  });

  test('is drawn for a document of 200,000 nodes without overflowing the call stack', () => {
    const doc = template('mnist-fedavg.fedflow.json');
    const note = doc.nodes.find((n) => n.kind === 'dataset')!;
    const many = { ...doc, nodes: Array.from({ length: 200_000 }, (_, i) => ({ ...note, id: `n${i}`, position: { x: (i % 500) * 10, y: Math.floor(i / 500) * 10 } })), edges: [] };
    const box = viewBox(pipelineSvg(many));
    assert.equal(box.x, -20);
    assert.ok(box.w >= 4990 + 20, JSON.stringify(box));
  });
});

describe('the report reads right', () => {
  test('a note that opens with its own title shows the title once', () => {
    const doc = template('mnist-fedavg.fedflow.json');
    const html = htmlReport(doc, summaryOf(doc));
    const note = doc.nodes.find((n) => n.kind === 'note')!;
    assert.equal(note.label, 'What to look at');
    assert.match(String(note.params.text), /^## What to look at\n/);
    assert.equal((html.match(/<h\d>What to look at<\/h\d>/g) ?? []).length, 1);
    // A note whose heading says something else keeps both.
    const other = { ...doc, nodes: doc.nodes.map((n) => (n.kind === 'note' ? { ...n, params: { text: '## Another title\nBody.' } } : n)) };
    const both = htmlReport(other, summaryOf(other));
    assert.ok(both.includes('<h3>What to look at</h3>') && both.includes('<h4>Another title</h4>'));
  });

  test('a run with --rounds 2 shows 2 rounds in the parameters, with what the file says', () => {
    const doc = template('mnist-fedavg.fedflow.json');
    const aggregator = doc.nodes.find((n) => n.kind === 'aggregator')!;
    assert.notEqual(aggregator.params.rounds, 2);
    const summary = summaryOf(doc);
    const ran = { ...summary, federations: summary.federations.map((f) => ({ ...f, rounds: 2, history: f.history.slice(0, 2) })) };
    const html = htmlReport(doc, ran);
    assert.ok(html.includes(`<tr><th>rounds</th><td>2</td><td class="muted">set for this run (the file says ${aggregator.params.rounds})</td></tr>`), 'rounds row');
    assert.doesNotMatch(html, new RegExp(`<th>rounds</th><td>${aggregator.params.rounds}</td>`));
    // Without an override the file's rounds are shown as they are.
    const plain = htmlReport(doc, { ...summary, federations: summary.federations.map((f) => ({ ...f, rounds: Number(aggregator.params.rounds) })) });
    assert.ok(plain.includes(`<tr><th>rounds</th><td>${aggregator.params.rounds}</td><td class="muted"></td></tr>`));
  });

  test('axis ticks are round numbers: 1, 2 or 5 times a power of ten apart', () => {
    const tickLabels = (svg: string) => [...svg.matchAll(/<text [^>]*text-anchor="end"[^>]*>([^<]+)<\/text>/g)].map((m) => m[1]);
    for (const top of [2.225, 1.669, 0.5563, 0.0831, 713, 1]) {
      const svg = lineChartSvg('Loss', [{ label: 'loss', color: '#000', points: [{ x: 1, y: top }, { x: 2, y: top / 3 }] }]);
      const values = tickLabels(svg).map(Number);
      assert.ok(values.length >= 3 && values.length <= 11, `${top}: ${values}`);
      const step = values[1] - values[0];
      const mantissa = Number((step / 10 ** Math.floor(Math.log10(step))).toPrecision(6));
      assert.ok([1, 2, 5].includes(mantissa), `${top}: step ${step} in ${values}`);
      for (let i = 1; i < values.length; i++) assert.ok(Math.abs(values[i] - values[i - 1] - step) < step * 1e-9, `${top}: ${values}`);
      assert.ok(values.at(-1)! >= top, `${top}: the top tick covers the data (${values})`);
      assert.ok(tickLabels(svg).every((t) => t.length <= 6), `${top}: short labels ${tickLabels(svg)}`);
    }
    const accuracy = lineChartSvg('Test accuracy', [{ label: 'a', color: '#000', points: [{ x: 1, y: 0.5 }] }], { yDomain: [0, 1], yFormat: (v) => `${Math.round(v * 100)}%` });
    assert.deepEqual(tickLabels(accuracy), ['0%', '20%', '40%', '60%', '80%', '100%']);
    // Rounds on x are whole numbers only.
    const many = lineChartSvg('x', [{ label: 'a', color: '#000', points: Array.from({ length: 50 }, (_, i) => ({ x: i + 1, y: 1 })) }]);
    const xs = [...many.matchAll(/<text [^>]*text-anchor="middle"[^>]*>(\d+)<\/text>/g)].map((m) => Number(m[1]));
    assert.deepEqual(xs, [5, 10, 15, 20, 25, 30, 35, 40, 45, 50]);
  });

  test('the heatmap has a legend: its colour scale from 0 to the largest count', () => {
    const svg = heatmapSvg({ ...partitions[0], labelCounts: [[7, 0], [2, 3], [0, 5]] });
    const legend = /<g class="legend">(.*?)<\/g>/.exec(svg)?.[1];
    assert.ok(legend, 'a legend');
    assert.ok(legend.includes('>7</text>') && legend.includes('>0</text>'), legend);
    const fills = [...legend.matchAll(/fill="(rgb\([^"]+\))"/g)].map((m) => m[1]);
    assert.ok(fills.length >= 5);
    // From the darkest (the largest count's colour) to white (no rows), as the cells are coloured.
    assert.equal(fills[0], 'rgb(59,135,221)');
    assert.equal(fills.at(-1), 'rgb(255,255,255)');
    assert.ok(svg.includes('fill="rgb(59,135,221)"><title>client 0, 0: 7</title>'));
    // The legend lies inside the figure.
    const right = Math.max(...[...legend.matchAll(/x="([\d.]+)"/g)].map((m) => Number(m[1])));
    assert.ok(right < viewBox(svg).w);
  });
});

describe("the report's communication", () => {
  const doc = template('mnist-fedavg.fedflow.json');
  const base = summaryOf(doc);
  /** Two federations: one whose clients send 1000 bytes a round for 3 rounds, one sending 2000 that diverged in round 2. */
  const twoFederations = (): RunSummary => {
    const steady = [1, 2, 3].map((r) => ({ ...record('steady', r, 0.5 + 0.1 * r), bytesUp: 1000, bytesDown: 4000 }));
    const diverged = [1, 2].map((r) => ({ ...record('diverged', r, 0.4 + 0.1 * r), bytesUp: 2000, bytesDown: 500 }));
    const fed = (id: string, history: RoundRecord[]) => ({
      aggregatorId: id,
      label: `Federation ${id}`,
      strategy: 'FedAvg' as const,
      rounds: 3,
      history,
      final: { accuracy: history.at(-1)!.test!.accuracy, loss: null, trainLoss: null },
    });
    return { ...base, federations: [fed('steady', steady), { ...fed('diverged', diverged), divergedAt: 2 }] };
  };
  /** The cells of the traffic table's row for a federation. */
  const trafficRow = (html: string, id: string) => {
    const table = /<table class="traffic">(.*?)<\/table>/s.exec(html)?.[1] ?? '';
    const row = [...table.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => m[1]).find((r) => r.includes(`>${id}</span>`));
    assert.ok(row, `a row for ${id}`);
    return [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].slice(1).map((m) => m[1]);
  };

  test('states each federation\'s uplink, downlink, total and total per round it ran', () => {
    const html = htmlReport(doc, twoFederations());
    assert.ok(html.includes('<h2>Communication</h2>'));
    // rounds run, uplink, downlink, total, total per round
    assert.deepEqual(trafficRow(html, 'steady'), ['3', '3.00 kB', '12.0 kB', '15.0 kB', '5.00 kB']);
    // The diverged federation ran 2 of its 3 rounds: its average is over those 2.
    assert.deepEqual(trafficRow(html, 'diverged'), ['2', '4.00 kB', '1.00 kB', '5.00 kB', '2.50 kB']);
    assert.ok(html.includes('<td title="15,000 bytes">15.0 kB</td>'), 'the exact count on hover');
    assert.match(html, /Federated evaluation’s traffic is not counted/);
  });

  test("uses the summary's own totals where it has them", () => {
    const s = twoFederations();
    s.federations[0] = { ...s.federations[0], traffic: { bytesUp: 7_000_000, bytesDown: 1_000_000 } };
    assert.deepEqual(trafficRow(htmlReport(doc, s), 'steady'), ['3', '7.00 MB', '1.00 MB', '8.00 MB', '2.67 MB']);
  });

  test('draws accuracy against the uplink each federation had sent by the end of each round', () => {
    const html = htmlReport(doc, twoFederations());
    const svg = /<svg[^>]*aria-label="Test accuracy against cumulative uplink".*?<\/svg>/s.exec(html)?.[0];
    assert.ok(svg, 'the uplink chart');
    assert.ok(svg.includes('cumulative uplink (kB)'));
    // x runs from 0 to the most uploaded (4 kB); the chart's plot spans x = 56 to 544.
    const xs = (label: string) => {
      const d = new RegExp(`<path d="([^"]+)"[^>]*><title>${label}</title>`).exec(svg)?.[1] ?? '';
      return [...d.matchAll(/[ML](-?[\d.]+),/g)].map((m) => Number(m[1]));
    };
    const px = (kB: number) => Number((56 + (kB / 4) * 488).toFixed(1));
    assert.deepEqual(xs('Federation steady'), [1, 2, 3].map(px));
    assert.deepEqual(xs('Federation diverged'), [2, 4].map(px));
  });
});

describe('markdownHtml', () => {
  test('renders the small subset and escapes the rest', () => {
    assert.equal(markdownHtml('# Hi\n\nSome *it* and `a<b`\n\n- one\n- two'), '<h3>Hi</h3>\n<p>Some <em>it</em> and <code>a&lt;b</code></p>\n<ul><li>one</li><li>two</li></ul>');
    assert.equal(markdownHtml('<a href="https://x">x</a>'), '<p>&lt;a href=&quot;https://x&quot;&gt;x&lt;/a&gt;</p>');
  });
});
