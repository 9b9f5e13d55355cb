/**
 * FedProx's Synthetic(α, β) data (Li et al., "Federated Optimization in Heterogeneous Networks", MLSys 2020,
 * their `generate_synthetic`): every device has its own softmax-regression model and input distribution;
 * α controls how much the models differ and β how much the inputs do. The IID variant shares one of each.
 */
import type { SyntheticDatasetParams } from '../format/params.js';
import { deriveSeed, Rng } from '../random/rng.js';
import type { Dataset } from './dataset.js';
import { DatasetError } from './datasetError.js';
import { sharedFloat32, sharedInt32 } from './sharedArrays.js';

// Lognormal sizes have a heavy tail: a large sizeSigma can ask for more rows than memory holds. Refuse
// clearly instead of dying in an allocation (2^28 floats = 1 GiB of features).
const MAX_VALUES = 2 ** 28;

/** A device's softmax-regression model: `W` is classes×features, row-major. */
interface LinearModel {
  w: Float64Array;
  b: Float64Array;
}

/** Draws a model with every weight and bias ~ N(mean, 1). */
function drawModel(rng: Rng, mean: number, classes: number, features: number): LinearModel {
  const w = new Float64Array(classes * features);
  for (let i = 0; i < w.length; i++) w[i] = rng.normal(mean, 1);
  const b = new Float64Array(classes);
  for (let c = 0; c < classes; c++) b[c] = rng.normal(mean, 1);
  return { w, b };
}

/** argmax over classes of W x + b (the softmax is monotone, so FedProx's argmax(softmax(·)) is the same). */
function predict(model: LinearModel, x: Float32Array, offset: number, classes: number, features: number): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let c = 0; c < classes; c++) {
    let score = model.b[c];
    const row = c * features;
    for (let j = 0; j < features; j++) score += model.w[row + j] * x[offset + j];
    if (score > bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return best;
}

/** Generates FedProx's Synthetic(α, β) (or its IID variant): one natural client per device. */
export function loadSynthetic(params: SyntheticDatasetParams, seed: number): Dataset {
  const { alpha, beta, iid, devices, features, classes, sizeMean, sizeSigma, sizeMin, testFraction } = params;

  // Sizes, the global model and each device come from their own sub-seeds, so that changing the number of
  // devices leaves the devices that remain exactly as they were.
  const sizeRng = new Rng(deriveSeed(seed, 'synthetic', 'sizes'));
  const sizes = Array.from({ length: devices }, () => Math.floor(sizeRng.lognormal(sizeMean, sizeSigma)) + sizeMin);
  const testSizes = sizes.map((n) => Math.floor(testFraction * n));
  const totalRows = sizes.reduce((s, n) => s + n, 0);
  if (!Number.isFinite(totalRows) || totalRows * features > MAX_VALUES) {
    throw new DatasetError(
      `the ${devices} devices would hold ${totalRows} rows of ${features} features, more than memory allows; ` +
        'lower sizeMean or sizeSigma',
      { field: 'sizeSigma' },
    );
  }
  const testRows = testSizes.reduce((s, n) => s + n, 0);
  const trainRows = totalRows - testRows;

  // Σ is diagonal with Σ_jj = (j+1)^-1.2, so each feature is drawn with standard deviation (j+1)^-0.6.
  const featureStd = Float64Array.from({ length: features }, (_, j) => Math.pow(j + 1, -0.6));
  const globalModel = iid
    ? drawModel(new Rng(deriveSeed(seed, 'synthetic', 'global')), 0, classes, features)
    : null;

  const train = { x: sharedFloat32(trainRows * features), y: sharedInt32(trainRows), clientIds: sharedInt32(trainRows) };
  const test = { x: sharedFloat32(testRows * features), y: sharedInt32(testRows), clientIds: sharedInt32(testRows) };
  let trainAt = 0;
  let testAt = 0;
  const mean = new Float64Array(features);
  for (let k = 0; k < devices; k++) {
    const rng = new Rng(deriveSeed(seed, 'synthetic', 'device', k));
    let model: LinearModel;
    if (globalModel) {
      model = globalModel;
      mean.fill(0);
    } else {
      const u = rng.normal(0, alpha);
      const shift = rng.normal(0, beta);
      for (let j = 0; j < features; j++) mean[j] = rng.normal(shift, 1);
      model = drawModel(rng, u, classes, features);
    }
    const firstTest = sizes[k] - testSizes[k];
    for (let r = 0; r < sizes[k]; r++) {
      // Each device's last rows are its test rows, as FedProx holds out the tail of every device.
      const table = r < firstTest ? train : test;
      const row = r < firstTest ? trainAt++ : testAt++;
      const offset = row * features;
      for (let j = 0; j < features; j++) table.x[offset + j] = mean[j] + featureStd[j] * rng.normal();
      table.y[row] = predict(model, table.x, offset, classes, features);
      table.clientIds[row] = k;
    }
  }

  const title = iid ? 'Synthetic IID' : `Synthetic(${alpha},${beta})`;
  return {
    name: `${title} (${devices} devices, ${trainRows} train / ${testRows} test)`,
    featureShape: [features],
    numFeatures: features,
    numClasses: classes,
    classNames: Array.from({ length: classes }, (_, c) => String(c)),
    train,
    test,
    clientNames: Array.from({ length: devices }, (_, k) => `device ${k}`),
  };
}
