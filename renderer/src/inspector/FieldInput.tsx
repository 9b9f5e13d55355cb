import { NumberInput } from './NumberInput.js';
import { TextInput } from './TextInput.js';
import type { FieldSpec } from './formSpec.js';

export interface FieldInputProps {
  spec: FieldSpec;
  /** The value in the document; undefined when left out (the default applies). */
  value: unknown;
  /** Sets the value; undefined removes it so the default applies. */
  onChange: (value: unknown, options?: { coalesce?: string }) => void;
  fieldKey: string;
  invalid: boolean;
}

const show = (v: unknown) => (v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v));

/** The input for one field, by its type: numbers, lists of numbers, selects, checkboxes, text. */
export function FieldInput({ spec, value, onChange, fieldKey, invalid }: FieldInputProps) {
  const testId = `field-${spec.name}`;
  switch (spec.type) {
    case 'number':
      return (
        <NumberInput
          value={value}
          placeholder={show(spec.default)}
          onCommit={(v, coalesce) => onChange(v, { coalesce })}
          testId={testId}
          fieldKey={fieldKey}
          invalid={invalid}
        />
      );
    case 'numberList':
      return (
        <NumberInput
          list
          value={value}
          placeholder={show(spec.default)}
          onCommit={(v, coalesce) => onChange(v, { coalesce })}
          testId={testId}
          fieldKey={fieldKey}
          invalid={invalid}
        />
      );
    case 'enum': {
      const current = value === undefined ? spec.default : value;
      const known = spec.options.includes(String(current));
      return (
        <select
          className={`field-input ${invalid ? 'invalid' : ''}`}
          value={String(current ?? '')}
          data-testid={testId}
          onChange={(e) => onChange(e.target.value)}
        >
          {!known && <option value={String(current ?? '')}>{current === undefined ? '(choose)' : String(current)}</option>}
          {spec.options.map((o) => (
            <option key={o} value={o}>
              {o}
              {value === undefined && o === spec.default ? ' (default)' : ''}
            </option>
          ))}
        </select>
      );
    }
    case 'boolean': {
      const checked = Boolean(value === undefined ? spec.default : value);
      return (
        <label className="field-check">
          <input type="checkbox" checked={checked} data-testid={testId} onChange={(e) => onChange(e.target.checked)} />
          {checked ? 'yes' : 'no'}
          {value === undefined && spec.default !== undefined ? <span className="field-default"> (default)</span> : null}
        </label>
      );
    }
    case 'string':
      return (
        <TextInput
          value={typeof value === 'string' ? value : show(value)}
          placeholder={spec.default !== undefined ? String(spec.default) : spec.required ? 'required' : 'optional'}
          multiline={spec.multiline}
          onCommit={(v, coalesce) => onChange(v === '' && !spec.multiline ? undefined : v, { coalesce })}
          testId={testId}
          fieldKey={fieldKey}
          invalid={invalid}
        />
      );
    case 'numberOrLiteral': {
      const current = value === undefined ? spec.default : value;
      const isLiteral = current === spec.literal;
      return (
        <div className="field-combo">
          <select
            className="field-input"
            value={isLiteral ? 'literal' : 'number'}
            data-testid={`${testId}-mode`}
            onChange={(e) => onChange(e.target.value === 'literal' ? spec.literal : typeof spec.default === 'number' ? spec.default : 1)}
          >
            <option value="number">number</option>
            <option value="literal">{spec.literal}</option>
          </select>
          {!isLiteral && (
            <NumberInput
              value={value}
              placeholder={show(spec.default)}
              onCommit={(v, coalesce) => onChange(v, { coalesce })}
              testId={testId}
              fieldKey={fieldKey}
              invalid={invalid}
            />
          )}
        </div>
      );
    }
    case 'unknown':
      return <code className="field-unknown">{JSON.stringify(value ?? spec.default ?? null)}</code>;
  }
}
