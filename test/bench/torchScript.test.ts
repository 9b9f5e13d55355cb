/** Reading PyTorch's figures: a PyTorch slowed by netlib's reference BLAS must not flatter our ratios. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { onReferenceBlas, type TorchResult } from '../../bench/torchScript.js';

function ranOn(blas: string): TorchResult {
  return { samplesPerSec: 1, meanSamplesPerSec: 1, samplesPerCpuSec: 1, epochMs: [1], rows: 1, batch: 32, threads: 1, torch: '1.13', blas, model: 'mlp', python: 'python3' };
}

describe('PyTorch reference figures', () => {
  it("flags Debian's reference BLAS, which makes PyTorch ~10× slower", () => {
    assert.equal(onReferenceBlas(ranOn('/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0')), true);
  });

  it('trusts OpenBLAS and MKL, and a BLAS it could not see', () => {
    assert.equal(onReferenceBlas(ranOn('/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3')), false);
    assert.equal(onReferenceBlas(ranOn('/opt/intel/lib/libmkl_rt.so')), false);
    assert.equal(onReferenceBlas(ranOn('unknown')), false);
  });
});
