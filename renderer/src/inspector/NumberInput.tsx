import { useEffect, useState } from 'react';
import { useFieldSession } from './useFieldSession.js';

const show = (v: unknown) => (v === undefined || v === null ? '' : Array.isArray(v) ? v.join(', ') : String(v));

/**
 * A text box for a number (or a list of numbers): what is typed stays as typed, and every change that
 * reads as a number goes to the document at once, as one undo step per focus. Empty means "default".
 */
export function NumberInput({
  value,
  placeholder,
  list = false,
  onCommit,
  testId,
  fieldKey,
  invalid,
}: {
  value: unknown;
  placeholder?: string;
  list?: boolean;
  onCommit: (value: number | number[] | undefined, coalesce: string) => void;
  testId: string;
  fieldKey: string;
  invalid: boolean;
}) {
  const [draft, setDraft] = useState(show(value));
  const [focused, setFocused] = useState(false);
  const [localError, setLocalError] = useState<string | null>(null);
  const session = useFieldSession(fieldKey);
  useEffect(() => {
    if (!focused) {
      setDraft(show(value));
      setLocalError(null);
    }
  }, [value, focused]);
  const commit = (text: string) => {
    if (text.trim() === '') {
      setLocalError(null);
      onCommit(undefined, session.key());
      return;
    }
    if (list) {
      const parts = text.split(/[\s,]+/).filter(Boolean);
      const numbers = parts.map(Number);
      if (numbers.some((n) => !Number.isFinite(n))) return setLocalError('Write numbers separated by commas, e.g. 128, 64.');
      setLocalError(null);
      onCommit(numbers, session.key());
      return;
    }
    const n = Number(text);
    if (!Number.isFinite(n)) return setLocalError(`"${text}" is not a number.`);
    setLocalError(null);
    onCommit(n, session.key());
  };
  return (
    <>
      <input
        className={`field-input ${invalid || localError ? 'invalid' : ''}`}
        type="text"
        inputMode="decimal"
        spellCheck={false}
        value={draft}
        placeholder={placeholder}
        data-testid={testId}
        onFocus={() => {
          setFocused(true);
          session.onFocus();
        }}
        onBlur={() => {
          setFocused(false);
          session.onBlur();
        }}
        onChange={(e) => {
          setDraft(e.target.value);
          commit(e.target.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
        }}
      />
      {localError && <div className="field-error">{localError}</div>}
    </>
  );
}
