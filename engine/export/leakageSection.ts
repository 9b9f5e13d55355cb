/**
 * The report's "Gradient leakage" section: for each federation whose server ran the gradient-inversion
 * attack, the attacked client's real training image beside the reconstruction, with the label inferred
 * and the SSIM and MSE between the two images.
 */
import { describeLeakage } from '../attack/describeLeakage.js';
import type { GradientLeakage } from '../attack/gradientLeakage.js';
import type { FederationSummary } from '../run/events.js';
import { escapeHtml as esc } from './reportMarkdown.js';

/** A grayscale image (pixels in [0, 1], row-major) as an inline SVG: one square per lit pixel on black. */
export function grayImageSvg(pixels: readonly number[], [h, w]: readonly [number, number], size: number, label: string): string {
  const cells: string[] = [];
  pixels.forEach((v, i) => {
    if (!(v > 0.02)) return;
    const g = Math.round(Math.min(1, v) * 255);
    cells.push(`<rect x="${i % w}" y="${Math.floor(i / w)}" width="1" height="1" fill="rgb(${g},${g},${g})"/>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${Math.round((size * h) / w)}" viewBox="0 0 ${w} ${h}" shape-rendering="crispEdges" role="img" aria-label="${esc(label)}"><rect width="${w}" height="${h}" fill="#000"/>${cells.join('')}</svg>`;
}

function pair(l: GradientLeakage): string {
  const real = grayImageSvg(l.real, l.shape, 112, 'the real training image');
  const rec = grayImageSvg(l.reconstruction, l.shape, 112, 'the reconstruction');
  return `<div class="charts"><figure>${real}<figcaption>Real (label ${l.trueLabel})</figcaption></figure><figure>${rec}<figcaption>Reconstructed (label inferred ${l.inferredLabel})</figcaption></figure></div>`;
}

/** The section's HTML lines; empty where no federation ran the attack. */
export function leakageSection(feds: readonly FederationSummary[]): string[] {
  const attacked = feds.filter((f) => f.leakage);
  if (attacked.length === 0) return [];
  const out = ['<h2>Gradient leakage</h2>'];
  for (const f of attacked) {
    const l = f.leakage!;
    out.push(`<p><b>${esc(f.label)}</b>: the server ${esc(describeLeakage(l))}.</p>`, pair(l));
  }
  out.push(
    '<p class="muted">An honest-but-curious server’s attack on what one client sent in round 1 (after the client’s own clipping, noise and compression). Analytic: the exact inversion of the first dense layer, xᵢ = Σⱼ ΔW[i,j]·Δb[j] / Σⱼ Δb[j]² (Phong et al. 2017), clamped to [0, 1]. DLG: Adam moves a seeded random image until its gradient matches the update in cosine distance (Zhu et al. 2019; Geiping et al. 2020). The label is the largest entry of the last bias’s update (iDLG, Zhao et al. 2020). SSIM: 7×7 windows, scikit-image’s defaults, 1 = identical; MSE per pixel. Central DP noises only the average, after the server has seen each update; local DP and secure aggregation are what stop this attack.</p>',
  );
  return out;
}
