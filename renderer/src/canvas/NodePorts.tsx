import { Handle, Position } from '@xyflow/react';
import { memo } from 'react';
import type { NodeKind } from '../../../engine/format/nodeKinds.js';
import { PORTS, PORT_TYPES } from '../../../engine/format/ports.js';
import { portHelp } from '../store/portHelp.js';

/**
 * A node's typed handles, one row per port: inputs on the left, outputs on the right, in their port colour.
 * Hovering a handle or its name tells the port's type and what may connect to it.
 */
export const NodePorts = memo(function NodePorts({ nodeId, kind }: { nodeId: string; kind: NodeKind }) {
  const { inputs, outputs } = PORTS[kind];
  const rows = Math.max(inputs.length, outputs.length);
  if (rows === 0) return null;
  return (
    <div className="fnode-ports">
      {Array.from({ length: rows }, (_, i) => {
        const input = inputs[i];
        const output = outputs[i];
        return (
          <div className="fnode-port-row" key={i}>
            {input ? (
              <span className="fnode-port fnode-port-in" title={portHelp(kind, 'in', input.id)}>
                <Handle
                  type="target"
                  position={Position.Left}
                  id={input.id}
                  className="fnode-handle"
                  style={{ background: PORT_TYPES[input.type].color }}
                  data-testid={`handle-${nodeId}-in-${input.id}`}
                  title={portHelp(kind, 'in', input.id)}
                  data-port-type={input.type}
                />
                {input.label}
              </span>
            ) : (
              <span />
            )}
            {output ? (
              <span className="fnode-port fnode-port-out" title={portHelp(kind, 'out', output.id)}>
                {output.label}
                <Handle
                  type="source"
                  position={Position.Right}
                  id={output.id}
                  className="fnode-handle"
                  style={{ background: PORT_TYPES[output.type].color }}
                  data-testid={`handle-${nodeId}-out-${output.id}`}
                  title={portHelp(kind, 'out', output.id)}
                  data-port-type={output.type}
                />
              </span>
            ) : (
              <span />
            )}
          </div>
        );
      })}
    </div>
  );
});
