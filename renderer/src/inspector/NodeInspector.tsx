import type { PipelineNode } from '../../../engine/format/pipeline.js';
import type { Problem } from '../../../engine/format/problems.js';
import { paramApplies } from '../../../engine/format/paramRelevance.js';
import { PORTS, PORT_TYPES } from '../../../engine/format/ports.js';
import { KindIcon } from '../canvas/KindIcon.js';
import { useServices } from '../hooks/useServices.js';
import { kindDescription, kindTitle } from '../store/newNode.js';
import { FieldRow } from './FieldRow.js';
import { fieldLabel, formSpecOf, switchVariant, visibleFields } from './formSpec.js';
import { TextInput } from './TextInput.js';
import { ProblemList } from './ProblemList.js';
import { fieldMessage } from './fieldMessage.js';

/** The problems that belong to a field: `params.alpha`, `params.hidden.0`. */
function fieldProblems(problems: Problem[], name: string): Problem[] {
  return problems.filter((p) => p.field === `params.${name}` || p.field?.startsWith(`params.${name}.`));
}

/** The form of one node, generated from its kind's params schema, with the validator's errors inline. */
export function NodeInspector({ node, problems }: { node: PipelineNode; problems: Problem[] }) {
  const { documents } = useServices();
  const spec = formSpecOf(node.kind);
  const fields = visibleFields(spec, node.params);
  const shown = new Set([spec.discriminator?.name, ...fields.map((f) => f.name)]);
  const general = problems.filter((p) => !p.field || !p.field.startsWith('params.') || ![...shown].some((n) => n && (p.field === `params.${n}` || p.field!.startsWith(`params.${n}.`))));
  const extra = Object.keys(node.params).filter((k) => !shown.has(k));
  // Settings the run would ignore (momentum with plain SGD, privacy settings with privacy off) stay out of the
  // way until they apply; one with a problem is always shown, so no error hides.
  const applicable = fields.filter((f) => paramApplies(node.kind, f.name, node.params) || fieldProblems(problems, f.name).length > 0);
  const hiddenCount = fields.length - applicable.length;
  const setParam = (name: string) => (value: unknown, options?: { coalesce?: string }) => documents.getState().setParam(node.id, name, value, options);
  return (
    <div className="inspector-node" data-testid="inspector-node" data-node-id={node.id}>
      <div className="inspector-title">
        <KindIcon kind={node.kind} size={16} />
        <span>{kindTitle(node.kind)}</span>
        <code className="inspector-id" data-testid="inspector-node-id">{node.id}</code>
      </div>
      <p className="inspector-help">{kindDescription(node.kind)}</p>
      <ProblemList problems={general} testId="inspector-problems" />
      <div className="field-row">
        <label className="field-label">Label</label>
        <TextInput
          value={node.label ?? ''}
          placeholder={kindTitle(node.kind)}
          onCommit={(v, coalesce) => documents.getState().setLabel(node.id, v, { coalesce })}
          testId="field-label"
          fieldKey={`${node.id}.label`}
        />
      </div>
      {spec.discriminator && (
        <div className={`field-row ${fieldProblems(problems, spec.discriminator.name).length ? 'has-error' : ''}`} data-testid={`field-row-${spec.discriminator.name}`}>
          <label className="field-label">{fieldLabel(spec.discriminator.name)}</label>
          <select
            className="field-input"
            value={String(node.params[spec.discriminator.name] ?? '')}
            data-testid={`field-${spec.discriminator.name}`}
            onChange={(e) => documents.getState().setParams(node.id, switchVariant(spec, node.params, e.target.value))}
          >
            {!spec.discriminator.options.includes(String(node.params[spec.discriminator.name])) && <option value="">(choose)</option>}
            {spec.discriminator.options.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
          {fieldProblems(problems, spec.discriminator.name).map((p, i) => (
            <div key={i} className="field-error" data-testid={`field-error-${spec.discriminator!.name}`} title={p.message}>
              {fieldMessage(p.message, spec.discriminator!.name)}
            </div>
          ))}
        </div>
      )}
      {applicable.map((f) => (
        <FieldRow
          key={`${node.id}.${f.name}`}
          spec={f}
          value={node.params[f.name]}
          problems={fieldProblems(problems, f.name)}
          onChange={setParam(f.name)}
          fieldKey={`${node.id}.${f.name}`}
        />
      ))}
      {hiddenCount > 0 && (
        <p className="inspector-help" data-testid="inspector-hidden-fields">
          {hiddenCount === 1 ? '1 setting is' : `${hiddenCount} settings are`} hidden: they apply only with other choices above.
        </p>
      )}
      {extra.length > 0 && (
        <div className="inspector-extra">
          {extra.map((k) => (
            <div key={k} className="field-warning">
              <code>{k}</code> is not a setting of this node and is ignored.{' '}
              <button className="link" onClick={() => documents.getState().setParam(node.id, k, undefined)}>
                Remove
              </button>
            </div>
          ))}
        </div>
      )}
      <div className="inspector-ports">
        {PORTS[node.kind].inputs.map((p) => (
          <div key={`in-${p.id}`} className="inspector-port">
            <span className="port-dot" style={{ background: PORT_TYPES[p.type].color }} /> in <b>{p.label}</b>: {PORT_TYPES[p.type].label}
            {p.multiple ? ' (several)' : ''}
            {p.required ? '' : ' (optional)'}
          </div>
        ))}
        {PORTS[node.kind].outputs.map((p) => (
          <div key={`out-${p.id}`} className="inspector-port">
            <span className="port-dot" style={{ background: PORT_TYPES[p.type].color }} /> out <b>{p.label}</b>: {PORT_TYPES[p.type].label}
          </div>
        ))}
      </div>
    </div>
  );
}
