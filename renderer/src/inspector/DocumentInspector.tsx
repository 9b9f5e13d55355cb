import { BACKENDS, type PipelineDocument } from '../../../engine/format/pipeline.js';
import type { Problem } from '../../../engine/format/problems.js';
import { useServices } from '../hooks/useServices.js';
import { Markdown } from '../markdown/Markdown.js';
import { NumberInput } from './NumberInput.js';
import { TextInput } from './TextInput.js';
import { ProblemList } from './ProblemList.js';

/** With no node selected: the pipeline's own fields (name, description, seed, backend, workers, cohorts). */
export function DocumentInspector({ doc, problems }: { doc: PipelineDocument; problems: Problem[] }) {
  const { documents } = useServices();
  const set = documents.getState().setDocumentFields;
  const general = problems.filter((p) => !p.nodeId && !p.edgeId);
  const fieldError = (name: string) => problems.filter((p) => !p.nodeId && p.field === name);
  return (
    <div className="inspector-doc" data-testid="inspector-document">
      <div className="inspector-title">Pipeline</div>
      <ProblemList problems={general} />
      <div className="field-row">
        <label className="field-label">Name</label>
        <TextInput value={doc.name} onCommit={(v, coalesce) => set({ name: v }, { coalesce })} testId="field-doc-name" fieldKey="doc.name" />
      </div>
      <div className="field-row">
        <label className="field-label">Description (markdown)</label>
        <TextInput
          multiline
          value={doc.description}
          onCommit={(v, coalesce) => set({ description: v }, { coalesce })}
          testId="field-doc-description"
          fieldKey="doc.description"
        />
        {doc.description && <Markdown className="inspector-description" text={doc.description} />}
      </div>
      <div className="field-row">
        <label className="field-label">Seed</label>
        <NumberInput
          value={doc.seed}
          onCommit={(v, coalesce) => typeof v === 'number' && set({ seed: v }, { coalesce })}
          testId="field-doc-seed"
          fieldKey="doc.seed"
          invalid={fieldError('seed').length > 0}
        />
        <div className="field-hint">Every random choice of a run derives from it.</div>
      </div>
      <div className="field-row">
        <label className="field-label">Backend</label>
        <select
          className="field-input"
          value={doc.settings.backend}
          data-testid="field-doc-backend"
          onChange={(e) => set({ settings: { ...doc.settings, backend: e.target.value as PipelineDocument['settings']['backend'] } })}
        >
          {BACKENDS.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
      </div>
      <div className="field-row">
        <label className="field-label">Workers</label>
        <NumberInput
          value={doc.settings.workers}
          placeholder="one per core"
          onCommit={(v, coalesce) => {
            const settings = { ...doc.settings };
            if (typeof v === 'number') settings.workers = v;
            else delete settings.workers;
            set({ settings }, { coalesce });
          }}
          testId="field-doc-workers"
          fieldKey="doc.workers"
          invalid={false}
        />
      </div>
      <div className="field-row">
        <label className="field-label">Cohorts</label>
        <select
          className="field-input"
          value={doc.settings.cohort ?? 'auto'}
          data-testid="field-doc-cohort"
          onChange={(e) => {
            const settings = { ...doc.settings };
            // 'auto' is the default: left out, so a document that never changed it stays as it was.
            if (e.target.value === 'off') settings.cohort = 'off';
            else delete settings.cohort;
            set({ settings });
          }}
        >
          <option value="auto">auto</option>
          <option value="off">off</option>
        </select>
        <div className="field-hint">auto trains a round&apos;s dense-model clients together, one cohort per worker; off sends each alone. The numbers are the same.</div>
      </div>
      <p className="inspector-help">Select a node to edit its settings. Double-click the canvas to add one.</p>
    </div>
  );
}
