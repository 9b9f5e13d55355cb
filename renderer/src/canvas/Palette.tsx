import { memo } from 'react';
import { NODE_SPEC_LIST } from '../../../engine/nodes/index.js';
import { addNodeAt } from '../actions/editActions.js';
import { useServices } from '../hooks/useServices.js';
import { NODE_KIND_MIME } from './dragKind.js';
import { KindIcon } from './KindIcon.js';

/** The node palette above the canvas: drag a kind onto the canvas, or click it to add one in the middle. */
export const Palette = memo(function Palette() {
  const services = useServices();
  return (
    <div className="palette" data-testid="palette" role="toolbar" aria-label="Nodes">
      <span className="palette-title">Add</span>
      {NODE_SPEC_LIST.map(({ kind, title, description }) => (
        <div
          key={kind}
          className="palette-item"
          data-testid={`palette-${kind}`}
          draggable
          role="button"
          tabIndex={0}
          title={`${description}\nDrag onto the canvas, or click to add.`}
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
          {title}
        </div>
      ))}
    </div>
  );
});
