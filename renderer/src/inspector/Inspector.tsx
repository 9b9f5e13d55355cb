import { deleteSelection } from '../actions/editActions.js';
import { useActiveProblems, useActiveRunProblems } from '../hooks/useActiveProblems.js';
import { useActiveTab } from '../hooks/useActiveTab.js';
import { useSelection } from '../hooks/useSelection.js';
import { useServices } from '../hooks/useServices.js';
import { nodeProblems } from '../store/documentProblems.js';
import { DocumentInspector } from './DocumentInspector.js';
import { NodeInspector } from './NodeInspector.js';

/** The right-hand pane: the selected node's form, the pipeline's fields, or a summary of a multi-selection. */
export function Inspector() {
  const services = useServices();
  const tab = useActiveTab();
  const selection = useSelection();
  const validated = useActiveProblems();
  const runProblems = useActiveRunProblems();
  // The host's problems from a failed run sit beside the validator's, so the field at fault shows them inline.
  const problems = runProblems.length > 0 ? [...validated, ...runProblems] : validated;
  let body: React.ReactNode;
  if (!tab) body = <p className="inspector-help">No pipeline is open.</p>;
  else if (!tab.doc) body = <p className="inspector-help">This file could not be read as a pipeline; see Problems.</p>;
  else if (selection.nodes.length === 1) {
    const node = tab.doc.nodes.find((n) => n.id === selection.nodes[0]);
    body = node ? <NodeInspector key={node.id} node={node} problems={nodeProblems(problems, node.id)} /> : <DocumentInspector doc={tab.doc} problems={problems} />;
  } else if (selection.nodes.length > 1 || selection.edges.length > 0) {
    body = (
      <div className="inspector-multi" data-testid="inspector-multi">
        <div className="inspector-title">
          {selection.nodes.length} node{selection.nodes.length === 1 ? '' : 's'}, {selection.edges.length} connection
          {selection.edges.length === 1 ? '' : 's'} selected
        </div>
        <button className="button" onClick={() => deleteSelection(services)} data-testid="inspector-delete">
          Delete selection
        </button>
      </div>
    );
  } else body = <DocumentInspector doc={tab.doc} problems={problems} />;
  return (
    <aside className="inspector" data-testid="inspector">
      <div className="pane-header">Inspector</div>
      <div className="inspector-body">{body}</div>
    </aside>
  );
}
