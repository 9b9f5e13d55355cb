import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Dataset } from '../../../engine/data/dataset.js';
import { loadSynthetic } from '../../../engine/data/synthetic.js';
import { syntheticDatasetParams } from '../../../engine/format/params.js';
import type { SyntheticDatasetParams } from '../../../engine/format/params.js';

const synthetic = (params: Partial<SyntheticDatasetParams>, seed = 0): Dataset =>
  loadSynthetic(syntheticDatasetParams.parse({ source: 'synthetic', ...params }), seed);

/** Rows of each device, train and test together. */
function deviceSizes(data: Dataset): number[] {
  const sizes = new Array<number>(data.clientNames?.length ?? 0).fill(0);
  for (const table of [data.train, data.test]) for (const k of table.clientIds ?? []) sizes[k]++;
  return sizes;
}

/** Mean over devices of the total-variation distance between a device's label distribution and the global one. */
function labelSkew(data: Dataset): number {
  const devices = data.clientNames?.length ?? 0;
  const global = new Float64Array(data.numClasses);
  const perDevice = Array.from({ length: devices }, () => new Float64Array(data.numClasses));
  const rows = new Float64Array(devices);
  data.train.y.forEach((y, i) => {
    const k = data.train.clientIds![i];
    global[y]++;
    perDevice[k][y]++;
    rows[k]++;
  });
  let sum = 0;
  for (let k = 0; k < devices; k++) {
    let tv = 0;
    for (let c = 0; c < data.numClasses; c++) tv += Math.abs(perDevice[k][c] / rows[k] - global[c] / data.train.y.length);
    sum += tv / 2;
  }
  return sum / devices;
}

/** Variance across devices of each device's average feature value: how far apart the devices' inputs lie. */
function inputSpread(data: Dataset): number {
  const devices = data.clientNames?.length ?? 0;
  const sums = new Float64Array(devices);
  const counts = new Float64Array(devices);
  data.train.clientIds!.forEach((k, i) => {
    for (let j = 0; j < data.numFeatures; j++) sums[k] += data.train.x[i * data.numFeatures + j];
    counts[k] += data.numFeatures;
  });
  const means = Array.from(sums, (s, k) => s / counts[k]);
  const mean = means.reduce((a, b) => a + b, 0) / devices;
  return means.reduce((a, m) => a + (m - mean) ** 2, 0) / devices;
}

/** The standard normal CDF (Abramowitz–Stegun 7.1.26 erf, error < 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

test('Synthetic gives one natural client per device, named device 0, device 1, …', () => {
  const data = synthetic({ alpha: 1, beta: 1 });
  assert.equal(data.clientNames?.length, 30);
  assert.equal(data.clientNames?.[0], 'device 0');
  assert.equal(data.clientNames?.[29], 'device 29');
  assert.deepEqual(data.featureShape, [60]);
  assert.equal(data.numClasses, 10);
  assert.equal(data.train.x.length, data.train.y.length * 60);
  assert.equal(data.train.clientIds?.length, data.train.y.length);
  assert.ok(deviceSizes(data).every((n) => n >= 50));
  assert.match(data.name, /^Synthetic\(1,1\) \(30 devices, \d+ train \/ \d+ test\)$/);
  for (const table of [data.train, data.test]) {
    assert.ok(table.x.buffer instanceof SharedArrayBuffer);
    assert.ok(table.y.buffer instanceof SharedArrayBuffer);
    assert.ok(table.clientIds?.buffer instanceof SharedArrayBuffer);
  }
});

test('Synthetic(1,1) devices disagree more than Synthetic(0,0), and the IID variant least', () => {
  const params = { devices: 100, sizeMean: 3, sizeSigma: 0.5 };
  const skew = (p: Partial<SyntheticDatasetParams>): number =>
    [0, 1, 2].reduce((s, seed) => s + labelSkew(synthetic({ ...params, ...p }, seed)), 0) / 3;
  const skewIid = skew({ iid: true });
  const skew00 = skew({ alpha: 0, beta: 0 });
  const skew11 = skew({ alpha: 1, beta: 1 });
  assert.ok(skew11 > skew00, `label skew ${skew11} of (1,1) should exceed ${skew00} of (0,0)`);
  assert.ok(skew00 > 3 * skewIid, `label skew ${skew00} of (0,0) should far exceed ${skewIid} of IID`);
  // β moves each device's inputs by B_k ~ N(0, β) on every feature, so the devices' mean inputs spread out.
  const spread00 = inputSpread(synthetic({ ...params, alpha: 0, beta: 0 }));
  const spread11 = inputSpread(synthetic({ ...params, alpha: 1, beta: 1 }));
  assert.ok(spread11 > 10 * spread00, `input spread ${spread11} of (1,1) vs ${spread00} of (0,0)`);
});

test('Synthetic(α,0) labels the same inputs as Synthetic(0,0): α shifts every class score alike, as in FedProx', () => {
  // W_k, b_k ~ N(u_k, 1) adds u_k·(Σx + 1) to every class's score, which leaves the argmax where it was.
  const a = synthetic({ alpha: 0, beta: 0, devices: 10 }, 5);
  const b = synthetic({ alpha: 3, beta: 0, devices: 10 }, 5);
  assert.deepEqual(a.train.x, b.train.x);
  assert.deepEqual(a.train.y, b.train.y);
});

test('Synthetic sizes are lognormal plus the minimum', () => {
  // With σ = 0 every device has exactly floor(e^mean) + min rows.
  assert.deepEqual(deviceSizes(synthetic({ devices: 5, sizeMean: 2, sizeSigma: 0, sizeMin: 50 })), [57, 57, 57, 57, 57]);
  // Otherwise P(size - min ≥ m) = P(lognormal ≥ m) = 1 - Φ((ln m - mean) / σ) for every whole m.
  const mean = 2;
  const sigma = 0.7;
  const data = synthetic({ devices: 2000, features: 2, classes: 2, sizeMean: mean, sizeSigma: sigma, sizeMin: 5 });
  const sizes = deviceSizes(data);
  assert.ok(sizes.every((n) => n >= 5));
  for (const m of [3, 5, 7, 10, 15, 25]) {
    const observed = sizes.filter((n) => n - 5 >= m).length / sizes.length;
    const expected = 1 - normalCdf((Math.log(m) - mean) / sigma);
    assert.ok(Math.abs(observed - expected) < 0.04, `P(size ≥ ${m} + min): ${observed} vs ${expected}`);
  }
});

test("each device's last testFraction of rows go to the test set", () => {
  const data = synthetic({ devices: 12, testFraction: 0.25 });
  const sizes = deviceSizes(data);
  const testSizes = new Array<number>(12).fill(0);
  for (const k of data.test.clientIds ?? []) testSizes[k]++;
  assert.deepEqual(
    testSizes,
    sizes.map((n) => Math.floor(0.25 * n)),
  );
  const noTest = synthetic({ devices: 3, testFraction: 0 });
  assert.equal(noTest.test.y.length, 0);
});

test('Synthetic feature k has variance (k+1)^-1.2, as FedProx’s Σ', () => {
  const data = synthetic({ iid: true, devices: 1, sizeMean: 9, sizeSigma: 0, testFraction: 0 });
  const rows = data.train.y.length;
  for (const j of [0, 9, 59]) {
    let squares = 0;
    for (let r = 0; r < rows; r++) squares += data.train.x[r * 60 + j] ** 2;
    const expected = Math.pow(j + 1, -1.2);
    assert.ok(Math.abs(squares / rows / expected - 1) < 0.1, `feature ${j}: ${squares / rows} vs ${expected}`);
  }
});

test('the same seed gives the same synthetic data, and fewer devices keep the first ones unchanged', () => {
  const a = synthetic({ alpha: 0.5, beta: 0.5 }, 11);
  const b = synthetic({ alpha: 0.5, beta: 0.5 }, 11);
  const c = synthetic({ alpha: 0.5, beta: 0.5 }, 12);
  assert.deepEqual(a.train.x, b.train.x);
  assert.deepEqual(a.train.y, b.train.y);
  assert.notDeepEqual(a.train.y, c.train.y);
  const fewer = synthetic({ alpha: 0.5, beta: 0.5, devices: 10 }, 11);
  const rows = fewer.train.y.length;
  assert.deepEqual(fewer.train.y, a.train.y.subarray(0, rows));
});

test('Synthetic refuses sizes that would not fit in memory', () => {
  assert.throws(() => synthetic({ sizeMean: 30 }), /lower sizeMean or sizeSigma/);
});
