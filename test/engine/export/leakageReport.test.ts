/** Where a user reads the gradient-leakage attack: the report's section (both images side by side) and the CLI's line. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeLeakage } from '../../../engine/attack/describeLeakage.js';
import type { GradientLeakage } from '../../../engine/attack/gradientLeakage.js';
import { htmlReport } from '../../../engine/export/htmlReport.js';
import type { RunSummary } from '../../../engine/run/events.js';
import { federation } from '../run/pipelines.js';

const leakage: GradientLeakage = {
  method: 'analytic',
  round: 1,
  clientId: 3,
  clientNodeId: 'clients0',
  examples: 1,
  shape: [2, 3],
  real: [0, 1, 0, 0.5, 0, 0],
  reconstruction: [0, 0.9, 0, 0.5, 0, 0.3],
  trueLabel: 4,
  inferredLabel: 9,
  ssim: 0.41234,
  mse: 0.01667,
};

const summary = (withLeakage: boolean): RunSummary => ({
  runId: 'r',
  pipeline: 'test',
  seed: 7,
  backend: 'wasm',
  workers: 1,
  wallMs: 10,
  federations: [{ aggregatorId: 'agg', label: 'Attacked', strategy: 'FedAvg', rounds: 1, history: [], final: { accuracy: null, loss: null, trainLoss: null }, ...(withLeakage ? { leakage } : {}) }],
});

describe('reporting gradient leakage', () => {
  it('the CLI’s sentence names the client, the labels, right or wrong, SSIM and MSE', () => {
    assert.equal(describeLeakage(leakage), "inverted client 3's round-1 update (analytic, 1 example): label 4 inferred 9 (wrong), SSIM 0.412, MSE 0.0167");
  });

  it('the HTML report draws the real and the reconstructed image side by side, with the figures', () => {
    const doc = federation({ aggregator: { strategy: 'FedAvg', rounds: 1, inversionAttack: 'analytic' } });
    const html = htmlReport(doc, summary(true), { date: new Date(0) });
    assert.match(html, /<h2>Gradient leakage<\/h2>/);
    assert.match(html, /<b>Attacked<\/b>: the server inverted client 3&#39;s round-1 update \(analytic, 1 example\): label 4 inferred 9 \(wrong\), SSIM 0\.412, MSE 0\.0167/);
    const section = html.slice(html.indexOf('<h2>Gradient leakage</h2>'));
    const images = section.match(/<svg [^>]*viewBox="0 0 3 2"/g) ?? [];
    assert.equal(images.length, 2, 'two 3×2 images');
    assert.match(section, /Real \(label 4\)<\/figcaption>.*Reconstructed \(label inferred 9\)<\/figcaption>/s);
    // The lit pixels, in grey levels: the real image's 1 at (1, 0), the reconstruction's 0.3 at (2, 1).
    assert.match(section, /<rect x="1" y="0" width="1" height="1" fill="rgb\(255,255,255\)"\/>/);
    assert.match(section, /<rect x="2" y="1" width="1" height="1" fill="rgb\(77,77,77\)"\/>/);
    assert.match(section, /only local DP and secure aggregation|local DP and secure aggregation are what stop this attack/);
  });

  it('a run without the attack has no such section', () => {
    assert.doesNotMatch(htmlReport(federation(), summary(false), { date: new Date(0) }), /Gradient leakage/);
  });
});
