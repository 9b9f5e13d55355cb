/**
 * Preconditions shared by the splitters. Each failure a user can cause by a choice in the inspector is a
 * `SplitError` naming the params field to change, with a sentence that says what to do; a broken input
 * that only a bug can cause (a label out of range) is a `RangeError`.
 */
import { SplitError } from './partition.js';
import type { SplitInput } from './partition.js';

/** Formats a count with thousands separators, so messages read like prose. */
function n(value: number): string {
  return value.toLocaleString('en-US');
}

/** Checks that the number of clients is a whole number and that each client can get at least one example. */
export function checkClientCount(numClients: number, numRows: number): void {
  if (!Number.isInteger(numClients) || numClients < 1) {
    throw new SplitError(`The number of clients must be a whole number of at least 1 (got ${numClients}).`, 'numClients');
  }
  if (numClients > numRows) {
    throw new SplitError(
      `This split asks for ${n(numClients)} clients but the training set has only ${n(numRows)} examples; ` +
        `every client needs at least one, so use at most ${n(numRows)} clients or a larger data set.`,
      'numClients',
    );
  }
}

/** Checks that every label is a class index in [0, numClasses); only a loader bug can break this. */
export function checkLabels(labels: Int32Array, numClasses: number): void {
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new RangeError(`numClasses must be a positive integer (got ${numClasses})`);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (y < 0 || y >= numClasses) throw new RangeError(`Row ${i} has label ${y}, outside [0, ${numClasses})`);
  }
}

/** The checks every label-based splitter makes on its input. */
export function checkSplitInput(input: SplitInput): void {
  checkClientCount(input.numClients, input.labels.length);
  checkLabels(input.labels, input.numClasses);
}

/** Checks that the training set can be cut into numClients · classesPerClient non-empty shards. */
export function checkShardCount(numClients: number, classesPerClient: number, numRows: number): void {
  if (!Number.isInteger(classesPerClient) || classesPerClient < 1) {
    throw new SplitError(`classesPerClient must be a whole number of at least 1 (got ${classesPerClient}).`, 'classesPerClient');
  }
  const shards = numClients * classesPerClient;
  if (shards > numRows) {
    throw new SplitError(
      `The pathological split cuts the training set into ${n(numClients)} × ${n(classesPerClient)} = ${n(shards)} shards, ` +
        `but it has only ${n(numRows)} examples, so some shards would be empty; lower classesPerClient or numClients.`,
      'classesPerClient',
    );
  }
}

/** Checks that the Dirichlet concentration is usable and that the minimum sizes can fit in the training set at all. */
export function checkDirichletOptions(alpha: number, minPartitionSize: number, numClients: number, numRows: number): void {
  if (!(alpha > 0) || !Number.isFinite(alpha)) {
    throw new SplitError(`alpha must be a positive number (got ${alpha}); small values skew labels, large ones approach IID.`, 'alpha');
  }
  if (!Number.isInteger(minPartitionSize) || minPartitionSize < 0) {
    throw new SplitError(`minPartitionSize must be a whole number of at least 0 (got ${minPartitionSize}).`, 'minPartitionSize');
  }
  // Retrying could never succeed here, so say so at once instead of after ten tries.
  if (minPartitionSize * numClients > numRows) {
    throw new SplitError(
      `Every one of the ${n(numClients)} clients must get at least ${n(minPartitionSize)} examples ` +
        `(${n(minPartitionSize * numClients)} in all), but the training set has only ${n(numRows)}; ` +
        `lower minPartitionSize or numClients.`,
      'minPartitionSize',
    );
  }
}

/** Checks the parameters of the quantity-skew split. */
export function checkQuantityOptions(distribution: string, sigma: number, exponent: number): void {
  if (distribution === 'lognormal' && !(sigma >= 0 && Number.isFinite(sigma))) {
    throw new SplitError(`sigma must be a number of at least 0 (got ${sigma}); 0 gives equal sizes.`, 'sigma');
  }
  if (distribution === 'powerlaw' && !(exponent > 0 && Number.isFinite(exponent))) {
    throw new SplitError(`exponent must be a positive number (got ${exponent}); smaller exponents give more unequal sizes.`, 'exponent');
  }
}

/** Checks that a hold-out fraction leaves room for training. */
export function checkHoldoutFraction(holdoutFraction: number): void {
  if (!(holdoutFraction >= 0 && holdoutFraction < 1)) {
    throw new SplitError(
      `holdoutFraction is the share of each client's examples kept back for evaluation; it must be at least 0 and below 1 (got ${holdoutFraction}).`,
      'holdoutFraction',
    );
  }
}
