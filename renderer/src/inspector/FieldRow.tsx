import type { Problem } from '../../../engine/format/problems.js';
import { FieldInput } from './FieldInput.js';
import { fieldMessage } from './fieldMessage.js';
import { fieldLabel, rangeText, type FieldSpec } from './formSpec.js';

/** One field of the inspector: label, input, allowed range or default, and the validator's errors for it. */
export function FieldRow({
  spec,
  value,
  problems,
  onChange,
  fieldKey,
}: {
  spec: FieldSpec;
  value: unknown;
  problems: Problem[];
  onChange: (value: unknown, options?: { coalesce?: string }) => void;
  fieldKey: string;
}) {
  const errors = problems.filter((p) => p.severity === 'error');
  const hint =
    spec.type === 'number' || spec.type === 'numberOrLiteral'
      ? rangeText(spec)
      : spec.type === 'numberList'
        ? `whole numbers${rangeText(spec.item) ? `, each ${rangeText(spec.item)}` : ''}`
        : '';
  const canReset = value !== undefined && spec.default !== undefined;
  return (
    <div className={`field-row ${errors.length > 0 ? 'has-error' : ''}`} data-testid={`field-row-${spec.name}`}>
      <div className="field-label-line">
        <label className="field-label" title={spec.help ? `${spec.name}: ${spec.help}` : spec.name}>
          {fieldLabel(spec.name)}
          {spec.required && spec.default === undefined ? <span className="field-required"> *</span> : null}
        </label>
        {canReset && (
          <button className="field-reset" title={`Back to the default (${JSON.stringify(spec.default)})`} onClick={() => onChange(undefined)} data-testid={`field-reset-${spec.name}`}>
            ↺
          </button>
        )}
      </div>
      <FieldInput spec={spec} value={value} onChange={onChange} fieldKey={fieldKey} invalid={errors.length > 0} />
      {spec.help && (
        <div className="field-help" data-testid={`field-help-${spec.name}`}>
          {spec.help}
        </div>
      )}
      {hint && <div className="field-hint">{hint}</div>}
      {problems.map((p, i) => (
        <div key={i} className={p.severity === 'error' ? 'field-error' : 'field-warning'} data-testid={`field-error-${spec.name}`} title={p.message}>
          {fieldMessage(p.message, spec.name)}
        </div>
      ))}
    </div>
  );
}
