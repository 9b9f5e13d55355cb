/**
 * Checking a pipeline as a run would before its first round: what only the data can show comes back as
 * problems naming the node and field, exactly as `fedflow validate` prints them, and a valid pipeline
 * comes back with each split's partition.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { validateCommand } from '../../../engine/cli/validateCommand.js';
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import { parsePipelineText } from '../../../engine/format/validate.js';
import { checkPipeline } from '../../../engine/run/checkPipeline.js';

const TEMPLATES = join(process.cwd(), 'templates');
const HOSPITALS = join(TEMPLATES, 'hospitals-tabular.fedflow.json');

/** The hospitals template (a natural split of four hospitals), its client group taking `clients`. */
function hospitals(clients?: string): PipelineDocument {
  const { doc } = parsePipelineText(readFileSync(HOSPITALS, 'utf8'));
  assert.ok(doc);
  if (clients === undefined) return doc;
  return { ...doc, nodes: doc.nodes.map((n) => (n.id === 'clients' ? { ...n, params: { ...n.params, clients } } : n)) };
}

const tmp = mkdtempSync(join(tmpdir(), 'fedflow-check-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('checkPipeline', () => {
  it('a client range beyond a natural split’s clients is an error on the client group’s clients field', async () => {
    const doc = hospitals('0-9');
    const check = await checkPipeline(doc, { baseDir: TEMPLATES });
    const errors = check.problems.filter((p) => p.severity === 'error');
    assert.equal(errors.length, 1);
    assert.equal(errors[0].nodeId, 'clients');
    assert.equal(errors[0].field, 'params.clients');
    assert.match(errors[0].message, /Client 9 does not exist: the split makes 4 clients, numbered 0 to 3/);
    // The split itself is valid: its partition comes back all the same, for its heatmap.
    assert.deepEqual(check.partitions?.map((p) => [p.splitId, p.numClients]), [['split', 4]]);
  });

  it('finds the same problems as `fedflow validate --json`', async () => {
    const doc = hospitals('2-7');
    // A pipeline file next to a copy of the template's data, as a user's would be.
    const dir = join(tmp, 'own');
    mkdirSync(join(dir, 'data'), { recursive: true });
    copyFileSync(join(TEMPLATES, 'data', 'hospitals.csv'), join(dir, 'data', 'hospitals.csv'));
    const file = join(dir, 'hospitals.fedflow.json');
    writeFileSync(file, JSON.stringify(doc));
    const lines: string[] = [];
    const code = await validateCommand(file, true, (l) => lines.push(l));
    assert.equal(code, 2);
    const printed = JSON.parse(lines[0]) as { problems: unknown[] };
    assert.deepEqual((await checkPipeline(doc, { baseDir: dir })).problems, printed.problems);
  });

  it('a valid natural split comes back with its label counts per client, hold-out sizes and class names', async () => {
    const check = await checkPipeline(hospitals(), { baseDir: TEMPLATES });
    assert.deepEqual(check.problems.filter((p) => p.severity === 'error'), []);
    assert.equal(check.partitions?.length, 1);
    const [p] = check.partitions!;
    assert.equal(p.splitId, 'split');
    assert.equal(p.numClients, 4);
    assert.equal(p.labelCounts.length, 4);
    assert.equal(p.holdoutSizes.length, 4);
    assert.ok(p.classNames.length >= 2, `class names: ${p.classNames}`);
    assert.ok(p.labelCounts.every((row) => row.length === p.classNames.length && row.reduce((a, b) => a + b, 0) > 0));
    assert.ok(check.estimate, 'with the run’s estimate');
  });

  it('a missing data file is an error on the dataset’s path, and a validation error stops before any data is read', async () => {
    const missing = hospitals();
    const empty = mkdtempSync(join(tmp, 'empty-'));
    const check = await checkPipeline(missing, { baseDir: empty });
    const error = check.problems.find((p) => p.severity === 'error');
    assert.equal(error?.nodeId, 'hospitals');
    assert.equal(error?.field, 'params.path');

    const invalid = { ...missing, nodes: missing.nodes.map((n) => (n.id === 'fedavg' ? { ...n, params: { ...n.params, rounds: 0 } } : n)) };
    const refused = await checkPipeline(invalid, { baseDir: empty });
    assert.ok(refused.problems.some((p) => p.nodeId === 'fedavg' && p.field === 'params.rounds'));
    assert.ok(!refused.problems.some((p) => p.nodeId === 'hospitals'), 'the data is not read');
  });
});
