/** `htmlReport`: one self-contained HTML notebook of a run — nodes, params, notes, figures, final metrics, all escaped. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { htmlReport, resolvedParams } from '../../../engine/export/htmlReport.js';
import { markdownHtml } from '../../../engine/export/reportMarkdown.js';
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import { parsePipelineText } from '../../../engine/format/validate.js';
import type { PartitionInfo, RoundRecord, RunSummary } from '../../../engine/run/events.js';
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
    assert.equal((html.match(/<svg[^>]*class="chart"/g) ?? []).length, 2);
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

describe('markdownHtml', () => {
  test('renders the small subset and escapes the rest', () => {
    assert.equal(markdownHtml('# Hi\n\nSome *it* and `a<b`\n\n- one\n- two'), '<h3>Hi</h3>\n<p>Some <em>it</em> and <code>a&lt;b</code></p>\n<ul><li>one</li><li>two</li></ul>');
    assert.equal(markdownHtml('<a href="https://x">x</a>'), '<p>&lt;a href=&quot;https://x&quot;&gt;x&lt;/a&gt;</p>');
  });
});
