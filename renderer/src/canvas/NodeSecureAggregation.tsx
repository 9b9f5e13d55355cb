import { memo, useMemo } from 'react';
import { useRun } from '../hooks/useRun.js';
import { maskedStrips } from '../store/maskedStrips.js';

/** Grey cells, one per coordinate (0 black, 1 white), `columns` to a row. */
function GreyImage({ values, columns, rows, cell, label, testId }: { values: readonly number[]; columns: number; rows: number; cell: number; label: string; testId: string }) {
  return (
    <figure className="masked-image">
      <svg width={columns * cell} height={rows * cell} role="img" aria-label={label} data-testid={testId} shapeRendering="crispEdges">
        <title>{label}</title>
        {values.map((v, i) => {
          const g = Math.round(255 * Math.min(1, Math.max(0, v)));
          return <rect key={i} x={(i % columns) * cell} y={Math.floor(i / columns) * cell} width={cell} height={cell} fill={`rgb(${g},${g},${g})`} />;
        })}
      </svg>
      <figcaption className="fnode-metric">{label.split(':')[0]}</figcaption>
    </figure>
  );
}

/**
 * An aggregator with secure aggregation: for its last round's first client, its real update on a few
 * coordinates (for MNIST the 28 × 28 weights into the first hidden unit), the masked words the server
 * received for them (uniform noise to the server), and the unmasked average it learned instead.
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
      title={`Round ${preview.round}, client ${strips.clientId}, ${n} coordinates (${strips.rows} × ${strips.columns}): its update, what the server received (masked), and the unmasked average (grey 0, ±${strips.scale.toPrecision(2)} black/white)`}
    >
      <GreyImage values={strips.update} columns={strips.columns} rows={strips.rows} cell={strips.cell} label={`real: client ${strips.clientId}'s update`} testId={`preview-masked-real-${id}`} />
      <GreyImage values={strips.masked} columns={strips.columns} rows={strips.rows} cell={strips.cell} label="masked: what the server received" testId={`preview-masked-sent-${id}`} />
      <GreyImage values={strips.average} columns={strips.columns} rows={strips.rows} cell={strips.cell} label="average: the unmasked sum ÷ weight" testId={`preview-masked-average-${id}`} />
    </div>
  );
});
