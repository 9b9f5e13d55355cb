import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import { FlowCanvas } from './FlowCanvas.js';

/** The canvas for one tab; a fresh React Flow per tab, so each keeps its own viewport. */
export function Canvas({ tabKey, doc }: { tabKey: string; doc: PipelineDocument }) {
  return (
    <ReactFlowProvider key={tabKey}>
      <FlowCanvas tabKey={tabKey} doc={doc} />
    </ReactFlowProvider>
  );
}
