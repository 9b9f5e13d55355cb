/**
 * Every action of the workbench as a command: the command palette lists them, the keyboard runs them,
 * menus and buttons call the same functions. A command's `keys` are its shortcuts; `inInputs` commands
 * also work while a text field has focus (save, run), the others leave typing alone.
 */
import * as canvas from '../actions/canvasActions.js';
import * as edit from '../actions/editActions.js';
import * as exporting from '../actions/exportActions.js';
import * as files from '../actions/fileActions.js';
import { toggleLessonMode } from '../actions/lessonActions.js';
import * as run from '../actions/runActions.js';
import * as serve from '../actions/serveActions.js';
import { copyShareLink } from '../actions/shareActions.js';
import type { Services } from '../services.js';
import { quickPick } from '../ui/uiStore.js';
import { showChord } from './keybindings.js';

export interface Command {
  id: string;
  title: string;
  category: 'File' | 'Edit' | 'Layout' | 'Run' | 'View' | 'Template' | 'Export';
  keys?: string[];
  inInputs?: boolean;
  run(s: Services): unknown;
}

const STATIC_COMMANDS: Command[] = [
  { id: 'file.new', category: 'File', title: 'New Pipeline', keys: ['Alt+N'], run: files.newDocument },
  { id: 'file.open', category: 'File', title: 'Open…', keys: ['Mod+O'], inInputs: true, run: (s) => files.openFile(s) },
  { id: 'file.save', category: 'File', title: 'Save', keys: ['Mod+S'], inInputs: true, run: (s) => files.save(s) },
  { id: 'file.saveAs', category: 'File', title: 'Save As…', keys: ['Mod+Shift+S'], inInputs: true, run: (s) => files.saveAs(s) },
  { id: 'file.close', category: 'File', title: 'Close Editor', keys: ['Alt+W'], run: (s) => files.closeTab(s) },
  { id: 'file.openTemplate', category: 'File', title: 'Open Template…', run: files.pickTemplate },
  { id: 'file.exportScript', category: 'File', title: 'Export as TypeScript Script', keys: ['Mod+Shift+E'], run: run.exportScript },
  { id: 'file.copyShareLink', category: 'File', title: 'Copy Share Link', run: copyShareLink },
  { id: 'export.report', category: 'Export', title: 'HTML Report', run: exporting.exportReport },
  { id: 'export.metricsCsv', category: 'Export', title: 'Metrics as CSV', run: exporting.exportMetricsCsv },
  { id: 'export.metricsJson', category: 'Export', title: 'Run Summary as JSON', run: exporting.exportMetricsJson },
  ...exporting.EXPORTABLE_CHARTS.map(
    (c): Command => ({ id: `export.chart.${c.id}`, category: 'Export', title: `Chart as SVG: ${c.title}`, run: (s) => exporting.exportChartSvg(s, c.id) }),
  ),
  { id: 'edit.undo', category: 'Edit', title: 'Undo', keys: ['Mod+Z'], run: edit.undo },
  { id: 'edit.redo', category: 'Edit', title: 'Redo', keys: ['Mod+Shift+Z', 'Mod+Y'], run: edit.redo },
  { id: 'edit.copy', category: 'Edit', title: 'Copy', keys: ['Mod+C'], run: edit.copy },
  { id: 'edit.cut', category: 'Edit', title: 'Cut', keys: ['Mod+X'], run: edit.cut },
  { id: 'edit.paste', category: 'Edit', title: 'Paste', keys: ['Mod+V'], run: edit.paste },
  { id: 'edit.duplicate', category: 'Edit', title: 'Duplicate', keys: ['Mod+D'], run: edit.duplicate },
  { id: 'edit.delete', category: 'Edit', title: 'Delete', keys: ['Delete', 'Backspace'], run: edit.deleteSelection },
  { id: 'edit.selectAll', category: 'Edit', title: 'Select All', keys: ['Mod+A'], run: edit.selectAll },
  { id: 'edit.rename', category: 'Edit', title: 'Rename Node…', keys: ['F2'], run: canvas.renameSelected },
  { id: 'edit.disconnectAll', category: 'Edit', title: 'Disconnect All', run: canvas.disconnectAll },
  { id: 'edit.selectUpstream', category: 'Edit', title: 'Select Upstream', run: canvas.selectUpstream },
  { id: 'edit.selectDownstream', category: 'Edit', title: 'Select Downstream', run: canvas.selectDownstream },
  { id: 'layout.arrange', category: 'Layout', title: 'Arrange Pipeline', run: canvas.arrange },
  { id: 'layout.toggleSnapToGrid', category: 'Layout', title: 'Toggle Snap to Grid', run: canvas.toggleSnapToGrid },
  {
    id: 'edit.addNode',
    category: 'Edit',
    title: 'Add Node…',
    keys: ['Mod+K'],
    run: (s) => {
      const at = s.flow.center();
      if (at) s.ui.setState({ quickAdd: { flow: at, screen: { x: window.innerWidth / 2 - 140, y: 140 } } });
    },
  },
  { id: 'run.start', category: 'Run', title: 'Run Pipeline', keys: ['F5'], inInputs: true, run: (s) => run.startRun(s) },
  { id: 'run.stop', category: 'Run', title: 'Stop Run', keys: ['Shift+F5'], inInputs: true, run: run.stopRun },
  { id: 'run.step', category: 'Run', title: 'Step One Round', keys: ['F10'], inInputs: true, run: run.stepRun },
  { id: 'run.pause', category: 'Run', title: 'Pause / Resume Run', keys: ['F6'], inInputs: true, run: run.togglePause },
  { id: 'run.serve', category: 'Run', title: 'Serve to Remote Clients', run: (s) => serve.openServeDialog(s) },
  { id: 'run.stopServe', category: 'Run', title: 'Stop Serving', run: serve.stopServe },
  { id: 'view.commandPalette', category: 'View', title: 'Show All Commands', keys: ['Mod+Shift+P', 'F1'], inInputs: true, run: openCommandPalette },
  { id: 'view.toggleTheme', category: 'View', title: 'Toggle Light/Dark Theme', run: (s) => s.view.getState().toggleTheme() },
  { id: 'view.explorer', category: 'View', title: 'Show Explorer', keys: ['Mod+Shift+X'], run: (s) => s.view.getState().showActivity('explorer') },
  { id: 'view.templates', category: 'View', title: 'Show Templates', run: (s) => s.view.getState().showActivity('templates') },
  { id: 'view.runs', category: 'View', title: 'Show Runs', run: (s) => s.view.getState().showActivity('runs') },
  { id: 'view.problems', category: 'View', title: 'Show Problems', keys: ['Mod+Shift+M'], run: (s) => s.view.getState().showBottom('problems') },
  { id: 'view.output', category: 'View', title: 'Show Output', keys: ['Mod+Shift+U'], run: (s) => s.view.getState().showBottom('output') },
  { id: 'view.metrics', category: 'View', title: 'Show Metrics', run: (s) => s.view.getState().showBottom('metrics') },
  { id: 'view.federation', category: 'View', title: 'Show Federation', run: (s) => s.view.getState().showBottom('federation') },
  { id: 'view.togglePanel', category: 'View', title: 'Toggle Bottom Panel', keys: ['Mod+J'], inInputs: true, run: (s) => s.view.getState().toggleBottom() },
  { id: 'view.toggleInspector', category: 'View', title: 'Toggle Inspector', run: (s) => s.view.getState().toggleInspector() },
  { id: 'view.toggleLessonMode', category: 'View', title: 'Toggle Lesson Mode', run: toggleLessonMode },
  { id: 'view.togglePresentation', category: 'View', title: 'Toggle Presentation Mode', run: (s) => s.view.getState().togglePresentation() },
  { id: 'view.fitView', category: 'View', title: 'Fit Pipeline in View', keys: ['Shift+1'], run: (s) => s.flow.fitView() },
];

/** Every command, with one "Open Template: …" per host template. */
export function allCommands(s: Services): Command[] {
  const templates: Command[] = s.ui.getState().templates.map((t) => ({
    id: `template.open.${t.id}`,
    category: 'Template',
    title: `Open Template: ${t.name}`,
    run: (services) => files.openTemplate(services, t.id),
  }));
  return [...STATIC_COMMANDS, ...templates];
}

/** A command by id. */
export function commandById(s: Services, id: string): Command | undefined {
  return allCommands(s).find((c) => c.id === id);
}

/** Runs a command by id. */
export function runCommand(s: Services, id: string): void {
  void commandById(s, id)?.run(s);
}

/** Opens the command palette: every command, filtered as you type. */
export async function openCommandPalette(s: Services): Promise<void> {
  const commands = allCommands(s);
  const picked = await quickPick(
    s.ui,
    'Type a command',
    commands.map((c) => ({ id: c.id, label: `${c.category}: ${c.title}`, hint: c.keys?.[0] ? showChord(c.keys[0]) : undefined })),
    'command-palette',
  );
  if (picked) runCommand(s, picked.id);
}
