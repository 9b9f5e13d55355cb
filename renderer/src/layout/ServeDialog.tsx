import { useEffect, useRef, useState } from 'react';
import { serveFromDialog } from '../actions/serveActions.js';
import { useServe } from '../hooks/useServe.js';
import { useServices } from '../hooks/useServices.js';
import { savedServeForm } from '../hooks/serveFormStorage.js';
import { serveFormWarning, type ServeField, type ServeForm } from '../store/serveOptions.js';

/** One row of the dialog: its label, input and the sentence the form or the host said of it. */
function Field(props: { field: ServeField; label: string; hint: string; form: ServeForm; error?: string; list?: string; onChange: (f: ServeField, v: string) => void; inputRef?: React.Ref<HTMLInputElement> }) {
  const { field, form, error } = props;
  return (
    <label className="serve-field">
      <span className="serve-label">{props.label}</span>
      <input
        ref={props.inputRef}
        value={form[field]}
        placeholder={props.hint}
        list={props.list}
        spellCheck={false}
        aria-invalid={error ? 'true' : 'false'}
        data-testid={`serve-${field}`}
        onChange={(e) => props.onChange(field, e.target.value)}
      />
      {error && (
        <span className="serve-error" role="alert" data-testid={`serve-${field}-error`}>
          {error}
        </span>
      )}
    </label>
  );
}

/**
 * Run → Serve's options before the server listens: port (0: any free one), the interface (loopback unless
 * the user picks another, with `fedflow serve`'s warning where that is without TLS), the TLS certificate
 * and key files, the clients to wait for and how long. Enter serves, Escape cancels; the last values are
 * remembered. A field the host refuses keeps the dialog open with the reason beside it.
 */
export function ServeDialog() {
  const services = useServices();
  const dialog = useServe((s) => s.dialog);
  const [form, setForm] = useState<ServeForm>(savedServeForm);
  const first = useRef<HTMLInputElement>(null);
  const open = dialog !== null;
  useEffect(() => {
    if (!open) return;
    setForm(savedServeForm());
    setTimeout(() => first.current?.select(), 0);
  }, [open]);
  if (!dialog) return null;
  const close = () => services.serve.getState().setDialog(null);
  const change = (f: ServeField, v: string) => setForm((old) => ({ ...old, [f]: v }));
  const warning = serveFormWarning(form);
  const errors = dialog.errors;
  return (
    <div className="serve-dialog-backdrop" onMouseDown={close}>
      <form
        className="serve-dialog"
        role="dialog"
        aria-label="Serve to remote clients"
        data-testid="serve-dialog"
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return;
          e.preventDefault();
          close();
        }}
        onSubmit={(e) => {
          e.preventDefault();
          if (!dialog.busy) void serveFromDialog(services, form);
        }}
      >
        <h2>Serve to remote clients</h2>
        <Field field="port" label="Port" hint="0: any free port" form={form} error={errors.port} onChange={change} inputRef={first} />
        <Field field="host" label="Interface" hint="127.0.0.1" list="serve-hosts" form={form} error={errors.host} onChange={change} />
        <datalist id="serve-hosts">
          <option value="127.0.0.1">this machine only</option>
          <option value="0.0.0.0">every interface (other machines can join)</option>
        </datalist>
        {warning && (
          <p className="serve-warning" data-testid="serve-warning">
            {warning}
          </p>
        )}
        <Field field="tlsCert" label="TLS certificate" hint="PEM file (with the key, serves wss://)" form={form} error={errors.tlsCert} onChange={change} />
        <Field field="tlsKey" label="TLS key" hint="PEM file" form={form} error={errors.tlsKey} onChange={change} />
        <Field field="minClients" label="Minimum clients" hint="every seat of the remote split" form={form} error={errors.minClients} onChange={change} />
        <Field field="waitSeconds" label="Wait (seconds)" hint="300" form={form} error={errors.waitSeconds} onChange={change} />
        <div className="serve-actions">
          <span className="serve-help">Enter to serve, Escape to cancel</span>
          <button type="button" className="button" onClick={close} data-testid="serve-cancel">
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={dialog.busy} data-testid="serve-start">
            Serve
          </button>
        </div>
      </form>
    </div>
  );
}
