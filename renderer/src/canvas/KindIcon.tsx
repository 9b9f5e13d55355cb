import { memo } from 'react';
import type { NodeKind } from '../../../engine/format/nodeKinds.js';
import { NODE_SPECS, type NodeIconName } from '../../../engine/nodes/index.js';
import { kindColor } from './kindStyle.js';

/** The SVG path of each icon a node kind's spec may name (a 16 × 16 box, stroked). */
const ICON_PATHS: Record<NodeIconName, string> = {
  cylinder: 'M3 3.5c0-1.1 2.2-2 5-2s5 .9 5 2v9c0 1.1-2.2 2-5 2s-5-.9-5-2z M3 3.5c0 1.1 2.2 2 5 2s5-.9 5-2 M3 8c0 1.1 2.2 2 5 2s5-.9 5-2',
  fork: 'M1.5 8h4 M5.5 8l7-5.5 M5.5 8h7 M5.5 8l7 5.5 M11 1.5l1.5 1-1 1.5 M11 7l1.5 1-1.5 1 M11 12.5l1.5 1-1 1.5',
  layers: 'M2.5 3.5h11v2.5h-11z M2.5 7.5h11V10h-11z M2.5 11.5h11V14h-11z',
  people: 'M4.5 4.5a2 2 0 1 0 .01 0z M11.5 4.5a2 2 0 1 0 .01 0z M1.5 13c0-2 1.3-3.5 3-3.5s3 1.5 3 3.5 M8.5 13c0-2 1.3-3.5 3-3.5s3 1.5 3 3.5',
  funnel: 'M12.5 2.5h-9l5 5.5-5 5.5h9',
  'check-circle': 'M8 1.5a6.5 6.5 0 1 0 .01 0z M5 8.2l2 2 4-4.4',
  page: 'M3 1.5h7l3 3v10H3z M5.5 6.5h5 M5.5 9h5 M5.5 11.5h3',
};

/** A node kind's icon, in its colour. */
export const KindIcon = memo(function KindIcon({ kind, size = 14 }: { kind: NodeKind; size?: number }) {
  return (
    <svg className="kind-icon" width={size} height={size} viewBox="0 0 16 16" aria-hidden fill="none" stroke={kindColor(kind)} strokeWidth={1.5} strokeLinecap="round" strokeLinejoin="round">
      <path d={ICON_PATHS[NODE_SPECS[kind].icon]} />
    </svg>
  );
});
