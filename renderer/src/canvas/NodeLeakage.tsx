import { memo } from 'react';
import { leakageText } from '../store/gradientLeakage.js';
import { useRun } from '../hooks/useRun.js';

/** A grayscale image as SVG squares (black background, one square per lit pixel): no canvas, so it exports. */
function GrayImage({ pixels, shape, size, label }: { pixels: readonly number[]; shape: readonly [number, number]; size: number; label: string }) {
  const [h, w] = shape;
  return (
    <figure className="fnode-leakage-image">
      <svg width={size} height={(size * h) / w} viewBox={`0 0 ${w} ${h}`} role="img" aria-label={label} shapeRendering="crispEdges">
        <rect width={w} height={h} fill="#000" />
        {pixels.map((v, i) => (v > 0.02 ? <rect key={i} x={i % w} y={Math.floor(i / w)} width={1} height={1} fill={`rgb(${Math.round(v * 255)},${Math.round(v * 255)},${Math.round(v * 255)})`} /> : null))}
      </svg>
      <figcaption>{label}</figcaption>
    </figure>
  );
}

/**
 * The aggregator's gradient-leakage attack after round 1: the attacked client's real training image beside
 * what the server reconstructed from its update, with the inferred label, SSIM and MSE.
 */
export const NodeLeakage = memo(function NodeLeakage({ id, tabKey }: { id: string; tabKey: string }) {
  const leakage = useRun((s) => (s.tabKey === tabKey ? s.nodes[id]?.leakage : undefined));
  if (!leakage) return null;
  const how = leakage.method === 'dlg' ? 'DLG: an optimiser matching the update' : 'the exact analytic inversion of the first dense layer';
  const title = `The server inverted client ${leakage.clientId}'s round-${leakage.round} update (${how}; label by iDLG). SSIM in 7×7 windows, 1 = identical.`;
  return (
    <div className="fnode-preview fnode-leakage" data-testid={`preview-leakage-${id}`} title={title}>
      <div className="fnode-leakage-images">
        <GrayImage pixels={leakage.real} shape={leakage.shape} size={48} label="real" />
        <GrayImage pixels={leakage.reconstruction} shape={leakage.shape} size={48} label="reconstructed" />
      </div>
      <span className="fnode-metric">{leakageText(leakage)}</span>
    </div>
  );
});
