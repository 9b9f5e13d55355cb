import { memo } from 'react';
import { NODE_KINDS } from '../../../engine/format/nodeKinds.js';
import { addNodeAt } from '../actions/editActions.js';
import { useServices } from '../hooks/useServices.js';
import { kindDescription, kindTitle } from '../store/newNode.js';
import { NODE_KIND_MIME } from './dragKind.js';
import { KindIcon } from './KindIcon.js';

/** The node palette above the canvas: drag a kind onto the canvas, or click it to add one in the middle. */
export const Palette = memo(function Palette() {
  const services = useServices();
  return (
    <div className="palette" data-testid="palette" role="toolbar" aria-label="Nodes">
      <span className="palette-title">Add</span>
      {NODE_KINDS.map((kind) => (
        <div
          key={kind}
          className="palette-item"
          data-testid={`palette-${kind}`}
          draggable
          role="button"
          tabIndex={0}
          title={`${kindDescription(kind)}\nDrag onto the canvas, or click to add.`}
          onDragStart={(e) => {
            e.dataTransfer.setData(NODE_KIND_MIME, kind);
            e.dataTransfer.effectAllowed = 'copy';
          }}
          onClick={() => addNodeAt(services, kind)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              addNodeAt(services, kind);
            }
          }}
        >
          <KindIcon kind={kind} />
          {kindTitle(kind)}
        </div>
      ))}
    </div>
  );
});
