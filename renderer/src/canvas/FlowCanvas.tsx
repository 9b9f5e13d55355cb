import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  applyNodeChanges,
  useNodesInitialized,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type FinalConnectionState,
  type IsValidConnection,
  type NodeChange,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import { canConnect } from '../../../engine/format/ports.js';
import { addNodeAt } from '../actions/editActions.js';
import { NEW_NODE_SIZE } from '../store/freeSpot.js';
import { openingViewport, PRESENTATION_ZOOM, READABLE_ZOOM } from '../store/openingViewport.js';
import { useSelection } from '../hooks/useSelection.js';
import { useServices } from '../hooks/useServices.js';
import { useView } from '../hooks/useView.js';
import { useDataCheck } from '../hooks/useDataCheck.js';
import { documentProblems } from '../store/documentProblems.js';
import { showToast } from '../ui/uiStore.js';
import { draggedKind, NODE_KIND_MIME } from './dragKind.js';
import { kindColor } from './kindStyle.js';
import { Palette } from './Palette.js';
import { NODE_TYPES } from './PipelineNodeView.js';
import { EmptyCanvasHint } from './EmptyCanvasHint.js';
import { QuickAdd } from './QuickAdd.js';
import { ContextMenu } from './ContextMenu.js';
import { menuItems, type MenuTarget } from './canvasMenus.js';
import { toFlowEdges, toFlowNodes, type FlowNode } from './toFlow.js';

/** The grid dragged nodes snap to when snapping is on: the background's dots. */
const SNAP_GRID: [number, number] = [20, 20];

/** The canvas of one document: React Flow over the store. Every edit goes to the documents store. */
export function FlowCanvas({ tabKey, doc }: { tabKey: string; doc: PipelineDocument }) {
  const services = useServices();
  const { documents, view, ui } = services;
  const flow = useReactFlow<FlowNode, Edge>();
  const selection = useSelection();
  const theme = useView((s) => s.theme);
  const lesson = useView((s) => s.lessonMode);
  const snapToGrid = useView((s) => s.snapToGrid);
  const [menu, setMenu] = useState<{ target: MenuTarget; at: { x: number; y: number } } | null>(null);
  const closeMenu = useCallback(() => setMenu(null), []);
  // With the host's data check of this very document, so a card shows the problem its data has too.
  const problems = documentProblems(doc, useDataCheck(tabKey));
  const wrapper = useRef<HTMLDivElement>(null);
  const docRef = useRef(doc);
  docRef.current = doc;

  // A tab first opens on its pipeline at a readable zoom (openingViewport), once React Flow has measured the
  // cards; an empty one starts at 100% (fitting one node would zoom it huge). A tab seen before keeps its view.
  // Presentation mode opens every tab afresh at a projector's zoom, and leaves the tab's own view alone.
  const presenting = useView((s) => s.presentation);
  const [initialView] = useState(() => {
    const saved = presenting ? undefined : view.getState().viewports[tabKey];
    return { viewport: saved ?? { x: 40, y: 40, zoom: 1 }, open: !saved && doc.nodes.length > 0 };
  });
  const measured = useNodesInitialized();
  const opened = useRef(!initialView.open);
  useEffect(() => {
    const rect = wrapper.current?.getBoundingClientRect();
    if (opened.current || !measured || !rect) return;
    opened.current = true;
    const v = openingViewport(flow.getNodesBounds(flow.getNodes()), rect, presenting ? PRESENTATION_ZOOM : READABLE_ZOOM);
    void flow.setViewport(v);
    if (!presenting) view.getState().setViewport(tabKey, v);
  }, [measured, flow, view, tabKey, presenting]);
  const [nodes, setNodes] = useState<FlowNode[]>(() => toFlowNodes(doc, problems, selection, tabKey, []));
  useEffect(() => {
    setNodes((prev) => toFlowNodes(doc, problems, selection, tabKey, prev));
  }, [doc, problems, selection, tabKey]);
  const edges = useMemo(() => toFlowEdges(doc, selection, problems), [doc, selection, problems]);

  // Lend the canvas's geometry to commands (paste and add at the centre, fit view).
  useEffect(() => {
    services.flow.center = () => {
      const rect = wrapper.current?.getBoundingClientRect();
      if (!rect) return null;
      const p = flow.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 });
      return { x: p.x - 90, y: p.y - 30 };
    };
    services.flow.fitView = () => void flow.fitView({ padding: 0.15, duration: 200 });
    services.flow.nodeBoxes = () =>
      flow.getNodes().map((n) => ({
        x: n.position.x,
        y: n.position.y,
        width: n.measured?.width ?? NEW_NODE_SIZE.width,
        height: n.measured?.height ?? NEW_NODE_SIZE.height,
      }));
    services.flow.nodeSizes = () =>
      Object.fromEntries(flow.getNodes().map((n) => [n.id, { width: n.measured?.width ?? NEW_NODE_SIZE.width, height: n.measured?.height ?? NEW_NODE_SIZE.height }]));
    return () => {
      services.flow.center = () => null;
      services.flow.fitView = () => undefined;
      services.flow.nodeBoxes = () => null;
      services.flow.nodeSizes = () => null;
    };
  }, [flow, services]);

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      setNodes((nds) => applyNodeChanges(changes, nds));
      const moves: Record<string, { x: number; y: number }> = {};
      let selectionChanged = false;
      const selected = new Set(view.getState().selection[tabKey]?.nodes ?? []);
      for (const c of changes) {
        if (c.type === 'position' && c.position) moves[c.id] = { x: Math.round(c.position.x), y: Math.round(c.position.y) };
        if (c.type === 'select') {
          selectionChanged = true;
          if (c.selected) selected.add(c.id);
          else selected.delete(c.id);
        }
      }
      if (Object.keys(moves).length > 0) documents.getState().moveNodes(moves);
      if (selectionChanged) view.getState().select(tabKey, { nodes: docRef.current.nodes.map((n) => n.id).filter((id) => selected.has(id)) });
    },
    [documents, view, tabKey],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const selected = new Set(view.getState().selection[tabKey]?.edges ?? []);
      let changed = false;
      for (const c of changes) {
        if (c.type !== 'select') continue;
        changed = true;
        if (c.selected) selected.add(c.id);
        else selected.delete(c.id);
      }
      if (changed) view.getState().select(tabKey, { edges: [...selected] });
    },
    [view, tabKey],
  );

  const isValidConnection: IsValidConnection<Edge> = useCallback((c) => canConnect(docRef.current, c).ok, []);

  const onConnect = useCallback(
    (c: Connection) => {
      const verdict = documents.getState().connect(c);
      if (!verdict.ok) showToast(ui, 'warning', verdict.reason);
    },
    [documents, ui],
  );

  // Say why a connection was refused when it is dropped on a handle that does not fit.
  const onConnectEnd = useCallback(
    (_: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid || !state.fromHandle || !state.toHandle) return;
      const from = state.fromHandle;
      const to = state.toHandle;
      const c =
        from.type === 'source'
          ? { source: from.nodeId, sourceHandle: from.id, target: to.nodeId, targetHandle: to.id }
          : { source: to.nodeId, sourceHandle: to.id, target: from.nodeId, targetHandle: from.id };
      const verdict = canConnect(docRef.current, c);
      if (!verdict.ok) showToast(ui, 'warning', verdict.reason);
    },
    [ui],
  );

  const onDrop = useCallback(
    (e: React.DragEvent) => {
      const kind = draggedKind(e.dataTransfer);
      if (!kind) return;
      e.preventDefault();
      const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      addNodeAt(services, kind, { x: p.x - 90, y: p.y - 20 });
    },
    [flow, services],
  );

  const onDoubleClick = useCallback(
    (e: React.MouseEvent) => {
      const target = e.target as HTMLElement;
      if (!target.classList.contains('react-flow__pane')) return;
      const rect = wrapper.current!.getBoundingClientRect();
      ui.setState({
        quickAdd: {
          flow: flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }),
          screen: { x: e.clientX - rect.left, y: e.clientY - rect.top },
        },
      });
    },
    [flow, ui],
  );

  // Right-click menus: the clicked node or edge becomes the selection (unless it is part of it already), as in VS Code's explorer.
  const openMenu = useCallback(
    (e: React.MouseEvent | MouseEvent, target: MenuTarget) => {
      e.preventDefault();
      const rect = wrapper.current!.getBoundingClientRect();
      const selected = view.getState().selection[tabKey];
      if (target.kind === 'node' && !selected?.nodes.includes(target.id)) view.getState().select(tabKey, { nodes: [target.id], edges: [] });
      if (target.kind === 'edge' && !selected?.edges.includes(target.id)) view.getState().select(tabKey, { nodes: [], edges: [target.id] });
      setMenu({ target, at: { x: e.clientX - rect.left, y: e.clientY - rect.top } });
    },
    [view, tabKey],
  );
  const onPaneContextMenu = useCallback(
    (e: React.MouseEvent | MouseEvent) => {
      const rect = wrapper.current!.getBoundingClientRect();
      openMenu(e, {
        kind: 'pane',
        flow: flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }),
        screen: { x: e.clientX - rect.left, y: e.clientY - rect.top },
      });
    },
    [flow, openMenu],
  );

  return (
    <div className="flow-frame">
      <Palette />
      <div
        ref={wrapper}
        className="flow-canvas"
        data-testid="canvas"
        onDragOver={(e) => {
          if (e.dataTransfer.types.includes(NODE_KIND_MIME)) {
            e.preventDefault();
            e.dataTransfer.dropEffect = 'copy';
          }
        }}
        onDrop={onDrop}
        onDoubleClick={onDoubleClick}
        // No browser menu anywhere on the canvas (the minimap, the controls): ours, or none.
        onContextMenu={(e) => e.preventDefault()}
      >
        <ReactFlow<FlowNode, Edge>
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={onConnect}
          onConnectEnd={onConnectEnd}
          isValidConnection={isValidConnection}
          onNodeContextMenu={(e, n) => openMenu(e, { kind: 'node', id: n.id })}
          onEdgeContextMenu={(e, edge) => openMenu(e, { kind: 'edge', id: edge.id })}
          onPaneContextMenu={onPaneContextMenu}
          snapToGrid={snapToGrid}
          snapGrid={SNAP_GRID}
          onNodeDragStart={() => documents.getState().beginTransaction()}
          onNodeDragStop={() => documents.getState().endTransaction()}
          onSelectionDragStart={() => documents.getState().beginTransaction()}
          onSelectionDragStop={() => documents.getState().endTransaction()}
          onPaneClick={() => view.getState().clearSelection(tabKey)}
          onMoveEnd={(_, viewport) => {
            if (!presenting) view.getState().setViewport(tabKey, viewport);
          }}
          defaultViewport={initialView.viewport}
          deleteKeyCode={null}
          selectionKeyCode="Shift"
          multiSelectionKeyCode={['Meta', 'Control']}
          zoomOnDoubleClick={false}
          colorMode={theme}
          minZoom={0.1}
          maxZoom={2.5}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={20} size={1} />
          {!lesson && <MiniMap pannable zoomable style={{ width: 160, height: 110 }} nodeColor={(n) => kindColor((n as FlowNode).data.node.kind)} nodeStrokeWidth={2} />}
          <Controls showInteractive={false} />
        </ReactFlow>
        {doc.nodes.length === 0 && <EmptyCanvasHint />}
        <QuickAdd />
        {menu && <ContextMenu at={menu.at} items={menuItems(services, menu.target)} onClose={closeMenu} testId={`context-menu-${menu.target.kind}`} />}
      </div>
    </div>
  );
}
