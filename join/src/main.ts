/**
 * The join page served by `fedflow serve`: the student adds examples (a drawn digit, IDX files, a CSV
 * file, or rows a test injects through `window.fedflowJoin`), chooses a backend, joins, and the page
 * trains each round in TensorFlow.js. Its examples never leave the page.
 */
import './style.css';
import { digitPad } from './digitPad.js';
import { readIdxPair } from './idxFiles.js';
import { federationSocketUrl, JoinSession, type SessionState } from './joinSession.js';
import type { BackendChoice } from './pageBackend.js';
import { PageExamples, type GivenLabel } from './pageExamples.js';
import { MAX_HOLDOUT_FRACTION } from '../../engine/remote/localHoldout.js';

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const examples = new PageExamples();
const stateLine = byId<HTMLParagraphElement>('state');
const log = byId<HTMLOListElement>('log');
let session: JoinSession | undefined;

function say(line: string): void {
  const item = document.createElement('li');
  item.textContent = line;
  log.append(item);
}

function showExamples(): void {
  const counts = [...examples.counts()].sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }));
  const files = examples.waitingFiles;
  const waiting = files.length > 0 ? ` ${files.join(', ')}: read when you join.` : '';
  byId('examples').textContent =
    (examples.count === 0 ? (files.length > 0 ? 'No examples read yet.' : 'No examples yet.') : `${examples.count} example${examples.count === 1 ? '' : 's'}: ${counts.map(([k, n]) => `${k} ×${n}`).join(', ')}`) + waiting;
}

function showState(s: SessionState): void {
  const round = s.round > 0 ? `round ${s.round} · ` : '';
  const text: Record<SessionState['phase'], string> = {
    'waiting for examples': 'Add a few examples, then join.',
    connecting: 'connecting…',
    connected: 'connected',
    joined: `connected · client ${s.clientId ?? '?'} · waiting for round ${s.round + 1}`,
    training: `${round}training on ${s.backend ?? 'cpu'}`,
    sent: `${round}sent ${s.lastBytes} bytes (${s.totalBytes} in all)`,
    done: `${round}done: ${s.message}`,
    refused: s.message,
    reconnecting: `${round}reconnecting…`,
    'gave up': s.message,
  };
  stateLine.textContent = text[s.phase];
  stateLine.dataset.phase = s.phase;
  stateLine.dataset.round = String(s.round);
}

/** Adds rows; returns the first problem (which the page shows too). */
function addExamples(rows: ArrayLike<number>[], labels: GivenLabel[]): string | undefined {
  if (rows.length !== labels.length) return `${rows.length} rows and ${labels.length} labels`;
  for (let i = 0; i < rows.length; i++) {
    const problem = examples.add(rows[i], labels[i]);
    if (problem) {
      say(problem);
      showExamples();
      return problem;
    }
  }
  showExamples();
  return undefined;
}

/** Joins as `name` on the chosen backend, keeping `holdout` of the examples back for federated evaluation (defaults: the page's choices). */
function join(name: string, choice?: BackendChoice, holdout = Number(byId<HTMLSelectElement>('holdout').value)): string | undefined {
  if (session) return 'already joined';
  if (examples.count === 0 && examples.waitingFiles.length === 0) return 'add at least one example first';
  const target = federationSocketUrl(window.location);
  if ('problem' in target) {
    say(target.problem);
    return target.problem;
  }
  if (!(holdout >= 0 && holdout <= MAX_HOLDOUT_FRACTION)) return `the hold-out must be a fraction from 0 to ${MAX_HOLDOUT_FRACTION}`;
  const backend = choice ?? (byId<HTMLSelectElement>('backend').value as BackendChoice);
  byId<HTMLSelectElement>('backend').disabled = true;
  session = new JoinSession(
    target.url,
    name.trim() || 'browser',
    examples,
    (s, line) => {
      showState(s);
      showExamples();
      if (line) say(line);
    },
    { backend, holdoutFraction: holdout },
  );
  session.start();
  return undefined;
}

const pad = digitPad(byId<HTMLCanvasElement>('pad'));
const labelBar = byId('labels');
for (let k = 0; k < 10; k++) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = `Add as ${k}`;
  b.addEventListener('click', () => {
    if (!pad.drawn()) return say('draw a digit first');
    addExamples([pad.read()], [String(k)]);
    pad.clear();
  });
  labelBar.append(b);
}
byId('clear').addEventListener('click', () => pad.clear());
byId('add-files').addEventListener('click', async () => {
  const images = byId<HTMLInputElement>('idx-images').files?.[0];
  const labels = byId<HTMLInputElement>('idx-labels').files?.[0];
  if (!images || !labels) return say('pick an images file and its labels file');
  const read = await readIdxPair(images, labels);
  if (typeof read === 'string') return say(read);
  addExamples(read.rows, read.labels);
});
byId('add-csv').addEventListener('click', async () => {
  const file = byId<HTMLInputElement>('csv-file').files?.[0];
  if (!file) return say('pick a CSV file');
  const problem = examples.addCsv(file.name, await file.text());
  if (problem) say(problem);
  showExamples();
});
byId('join').addEventListener('click', () => {
  const problem = join(byId<HTMLInputElement>('name').value);
  if (problem) say(problem);
});

/** The page's test hook (and a console for the curious): data goes in, state comes out; nothing reads the rows back. */
const hook = {
  addExamples,
  join,
  state: () => (session ? { ...session.state } : null),
  examples: () => examples.count,
};
(window as unknown as { fedflowJoin: typeof hook }).fedflowJoin = hook;
