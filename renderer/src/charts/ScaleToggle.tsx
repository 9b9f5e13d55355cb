import type { YScale } from './scale.js';

/** A chart's Linear | Log toggle for its y axis (the Metrics panel's loss charts share one, kept as view state). */
export function ScaleToggle({ scale, onChange, testId }: { scale: YScale; onChange: (scale: YScale) => void; testId: string }) {
  const buttons: { value: YScale; label: string; title: string }[] = [
    { value: 'linear', label: 'Linear', title: 'The y axis on an even scale' },
    { value: 'log', label: 'Log', title: 'The y axis by decades (1, 2, 5, 10…): one line far above the others (a federation that diverges) no longer flattens them onto zero; values ≤ 0 are not drawn' },
  ];
  return (
    <div className="segmented chart-scale" role="group" aria-label="y axis scale" data-testid={testId}>
      {buttons.map(({ value, label, title }) => (
        <button key={value} type="button" className={`button${scale === value ? ' active' : ''}`} aria-pressed={scale === value} title={title} onClick={() => onChange(value)} data-testid={`${testId}-${value}`}>
          {label}
        </button>
      ))}
    </div>
  );
}
