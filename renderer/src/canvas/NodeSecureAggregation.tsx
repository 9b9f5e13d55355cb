import { memo, useMemo } from 'react';
import { useRun } from '../hooks/useRun.js';
import { maskedStrips } from '../store/maskedStrips.js';

const CELL = 3;

/** A square of grey cells, one per coordinate (0 black, 1 white). */
function GreyImage({ values, side, label, testId }: { values: readonly number[]; side: number; label: string; testId: string }) {
  const size = side * CELL;
  return (
    <figure className="masked-image">
      <svg width={size} height={size} role="img" aria-label={label} data-testid={testId}>
        <title>{label}</title>
        {values.map((v, i) => {
          const g = Math.round(255 * Math.min(1, Math.max(0, v)));
          return <rect key={i} x={(i % side) * CELL} y={Math.floor(i / side) * CELL} width={CELL} height={CELL} fill={`rgb(${g},${g},${g})`} />;
        })}
      </svg>
      <figcaption className="fnode-metric">{label.split(':')[0]}</figcaption>
    </figure>
  );
}

/**
 * An aggregator with secure aggregation: for its last round's first client, its real update on the
 * first coordinates, the masked words the server received for them (uniform noise to the server), and
 * the unmasked average it learned instead.
 */
export const NodeSecureAggregation = memo(function NodeSecureAggregation({ id, tabKey }: { id: string; tabKey: string }) {
  const preview = useRun((s) => (s.tabKey === tabKey ? s.aggregatorPreviews[id]?.masked : undefined));
  const strips = useMemo(() => (preview ? maskedStrips(preview) : null), [preview]);
  if (!preview || !strips) return null;
  const n = strips.update.length;
  return (
    <div
      className="fnode-preview fnode-preview-row"
      data-testid={`preview-masked-${id}`}
      title={`Round ${preview.round}, client ${strips.clientId}, first ${n} coordinates: its update, what the server received (masked), and the unmasked average (grey 0, ±${strips.scale.toPrecision(2)} black/white)`}
    >
      <GreyImage values={strips.update} side={strips.side} label={`real: client ${strips.clientId}'s update`} testId={`preview-masked-real-${id}`} />
      <GreyImage values={strips.masked} side={strips.side} label="masked: what the server received" testId={`preview-masked-sent-${id}`} />
      <GreyImage values={strips.average} side={strips.side} label="average: the unmasked sum ÷ weight" testId={`preview-masked-average-${id}`} />
    </div>
  );
});
