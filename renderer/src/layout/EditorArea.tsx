import { Canvas } from '../canvas/Canvas.js';
import { RawTextView } from '../canvas/RawTextView.js';
import { useActiveTab } from '../hooks/useActiveTab.js';
import { EditorTabs } from './EditorTabs.js';
import { ReadOnlyRunBanner } from './ReadOnlyRunBanner.js';
import { RunControls } from './RunControls.js';
import { Welcome } from './Welcome.js';

/** The tabs, the run toolbar and the active document's canvas (or its raw text when it could not be read). */
export function EditorArea() {
  const tab = useActiveTab();
  return (
    <section className="editor-area" data-testid="editor-area">
      <div className="editor-top">
        <EditorTabs />
        {tab && <RunControls />}
      </div>
      {tab?.readOnly && <ReadOnlyRunBanner runId={tab.readOnly.runId} />}
      <div className="editor-body">
        {!tab && <Welcome />}
        {tab && tab.doc && <Canvas tabKey={tab.key} doc={tab.doc} />}
        {tab && !tab.doc && <RawTextView name={tab.name} text={tab.rawText ?? ''} problems={tab.loadProblems} />}
      </div>
    </section>
  );
}
