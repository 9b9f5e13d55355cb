import { useEffect, useRef, useState } from 'react';
import { useFieldSession } from './useFieldSession.js';

/** Numbers and lists of numbers compare by value (a committed list comes back from the document as a new array). */
const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const show = (v: unknown) => (v === undefined || v === null ? '' : Array.isArray(v) ? v.join(', ') : String(v));

/**
 * A text box for a number (or a list of numbers): what is typed stays as typed, and every change that
 * reads as a number goes to the document at once, as one undo step per focus. Empty means "default".
 * Text that does not read as a number stays in the box with the reason under it, also after leaving it.
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
  // The value the draft was last in step with: text that does not read as a number is never committed, so
  // leaving the field must not snap it back to that value and hide the mistake; a change from elsewhere
  // (undo, another field's variant switch) does replace it.
  const synced = useRef(value);
  useEffect(() => {
    if (focused) return;
    if (localError !== null && sameValue(synced.current, value)) return;
    synced.current = value;
    setDraft(show(value));
    setLocalError(null);
  }, [value, focused, localError]);
  const commit = (text: string) => {
    if (text.trim() === '') {
      setLocalError(null);
      synced.current = undefined;
      onCommit(undefined, session.key());
      return;
    }
    if (list) {
      const parts = text.split(/[\s,]+/).filter(Boolean);
      const numbers = parts.map(Number);
      if (numbers.some((n) => !Number.isFinite(n))) return setLocalError('Write numbers separated by commas, e.g. 128, 64.');
      setLocalError(null);
      synced.current = numbers;
      onCommit(numbers, session.key());
      return;
    }
    const n = Number(text);
    if (!Number.isFinite(n)) return setLocalError(`"${text}" is not a number.`);
    setLocalError(null);
    synced.current = n;
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
      {localError && (
        <div className="field-error" data-testid={`${testId}-typed-error`}>
          {localError}
        </div>
      )}
    </>
  );
}
