import { useEffect, useState } from 'react';
import { useFieldSession } from './useFieldSession.js';

/** A text box (or a text area) whose changes go to the document at once, one undo step per focus. */
export function TextInput({
  value,
  placeholder,
  multiline = false,
  onCommit,
  testId,
  fieldKey,
  invalid = false,
}: {
  value: string;
  placeholder?: string;
  multiline?: boolean;
  onCommit: (value: string, coalesce: string) => void;
  testId: string;
  fieldKey: string;
  invalid?: boolean;
}) {
  const [draft, setDraft] = useState(value);
  const [focused, setFocused] = useState(false);
  const session = useFieldSession(fieldKey);
  useEffect(() => {
    if (!focused) setDraft(value);
  }, [value, focused]);
  const props = {
    className: `field-input ${invalid ? 'invalid' : ''}`,
    value: draft,
    placeholder,
    spellCheck: multiline,
    'data-testid': testId,
    onFocus: () => {
      setFocused(true);
      session.onFocus();
    },
    onBlur: () => {
      setFocused(false);
      session.onBlur();
    },
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      setDraft(e.target.value);
      onCommit(e.target.value, session.key());
    },
  };
  return multiline ? <textarea rows={8} {...props} /> : <input type="text" {...props} />;
}
