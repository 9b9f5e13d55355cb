import { memo, useMemo } from 'react';
import { Histogram } from '../charts/Histogram.js';
import { useRun } from '../hooks/useRun.js';
import { clipNormHistogram, describeClipNorms, formatNorm } from '../store/clipNormHistogram.js';

/**
 * An aggregator with differential privacy: its last round's update norms as they reached the server,
 * against the clip norm C (the dashed line). Server-side modes show norms before the server clipped
 * them; client-side ones after the clients did (all within C); under secure aggregation the server saw
 * none of them, which the caption says.
 */
export const NodeClipNorms = memo(function NodeClipNorms({ id, tabKey, secure }: { id: string; tabKey: string; secure: boolean }) {
  const norms = useRun((s) => (s.tabKey === tabKey ? s.aggregatorPreviews[id]?.norms : undefined));
  const histogram = useMemo(() => (norms ? clipNormHistogram(norms.norms, norms.clipNorm) : null), [norms]);
  if (!norms || !histogram) return null;
  const text = `Round ${norms.round}: ${describeClipNorms(histogram)}${secure ? ' (as the clients sent them; secure aggregation hides them from the server)' : ''}`;
  return (
    <div className="fnode-preview fnode-preview-row" title={text} data-testid={`preview-clip-norms-${id}`}>
      <Histogram
        bins={histogram.bins}
        label={text}
        width={84}
        describeBin={(b) => `${b.count} update${b.count === 1 ? '' : 's'} with norm ${formatNorm(b.from)}–${formatNorm(b.to)}`}
        marker={{ at: histogram.clipAt, label: `clip norm C = ${formatNorm(histogram.clipNorm)}` }}
      />
      <span className="fnode-metric">‖Δ‖ vs C {formatNorm(histogram.clipNorm)}</span>
    </div>
  );
});
