/** `parseCliArgs`: what a mistyped command line is told, and what it passes on. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { debugFromEnvironment, parseCliArgs, UsageError } from '../../../engine/cli/cliArgs.js';
import { closest, editDistance, suggestBackends } from '../../../engine/cli/suggest.js';
import { BACKENDS } from '../../../engine/format/pipeline.js';

/** The message parseCliArgs refuses these arguments with, and the command whose help it points to. */
function refusal(...argv: string[]): { message: string; command?: string } {
  try {
    parseCliArgs(argv);
  } catch (e) {
    assert.ok(e instanceof UsageError, String(e));
    return { message: e.message, ...(e.command ? { command: e.command } : {}) };
  }
  assert.fail(`accepted: ${argv.join(' ')}`);
}

describe('a mistyped option', () => {
  test('--round is an unknown option, and --rounds is suggested', () => {
    assert.deepEqual(refusal('run', 'p.fedflow.json', '--round', '3'), { message: 'Unknown option --round (did you mean --rounds?).', command: 'run' });
  });

  test('swapped letters and a missing letter are suggested too; a word far from every option is not', () => {
    assert.match(refusal('run', 'p.json', '--roudns', '3').message, /did you mean --rounds\?/);
    assert.match(refusal('run', 'p.json', '--worker', '2').message, /did you mean --workers\?/);
    assert.match(refusal('run', 'p.json', '--bakend', 'wasm').message, /did you mean --backend\?/);
    assert.equal(refusal('run', 'p.json', '--epochs', '3').message, 'Unknown option --epochs.');
  });

  test('an option of another command says whose it is', () => {
    assert.deepEqual(refusal('validate', 'p.json', '--rounds', '3'), {
      message: 'fedflow validate does not take --rounds (it is an option of fedflow run, fedflow sweep and fedflow serve).',
      command: 'validate',
    });
  });

  test('an option without its value gets an example; a switch given a value is told it takes none', () => {
    assert.equal(refusal('run', 'p.json', '--rounds').message, '--rounds needs a value, e.g. --rounds 10.');
    assert.equal(refusal('run', 'p.json', '--seed', '--json').message, '--seed needs a value, e.g. --seed 42.');
    assert.equal(refusal('validate', 'p.json', '--json=yes').message, "--json takes no value (got 'yes').");
  });

  test('a mistyped command is suggested the right one', () => {
    assert.equal(refusal('rnu', 'p.json').message, "Unknown command 'rnu' (did you mean run?).");
    assert.equal(refusal('train', 'p.json').message, "Unknown command 'train'.");
  });
});

describe('a backend that is not one', () => {
  const message = (name: string) => refusal('run', 'p.json', '--backend', name).message;

  test('cuda and nvidia point to node-gpu, tensorflow to node, vulkan to webgpu', () => {
    assert.match(message('cuda'), /^--backend must be one of auto, wasm, cpu, webgpu, node, node-gpu \(got 'cuda'\)\. Did you mean node-gpu \(TensorFlow's CUDA build/);
    assert.match(message('CUDA'), /Did you mean node-gpu/);
    assert.match(message('nvidia'), /Did you mean node-gpu \(.*\) or webgpu/);
    assert.match(message('tensorflow'), /Did you mean node \(TensorFlow's native CPU build/);
    assert.match(message('vulkan'), /Did you mean webgpu \(any GPU/);
  });

  test('gpu offers both GPU paths; a typo gets its correction; nonsense gets the list only', () => {
    assert.deepEqual(suggestBackends('gpu', BACKENDS), ['webgpu', 'node-gpu']);
    assert.match(message('wsam'), /Did you mean wasm /);
    assert.match(message('web-gpu'), /Did you mean webgpu /);
    assert.doesNotMatch(message('banana'), /Did you mean/);
  });

  test('every suggestion is a real backend', () => {
    for (const name of ['cuda', 'gpu', 'nvidia', 'tensorflow', 'tf', 'metal', 'js', 'webassembly', 'nodegpu']) {
      const suggested = suggestBackends(name, BACKENDS);
      assert.ok(suggested.length > 0, name);
      for (const b of suggested) assert.ok(BACKENDS.includes(b), `${name} → ${b}`);
    }
  });
});

describe('what parses', () => {
  test('fedflow script passes everything after the script file to the script', () => {
    const opts = parseCliArgs(['script', '--debug', 'mnist.ts', '--rounds', '2', '--round', 'x', '-o', 'out']);
    assert.equal(opts.command, 'script');
    assert.equal(opts.file, 'mnist.ts');
    assert.deepEqual(opts.scriptArgs, ['--rounds', '2', '--round', 'x', '-o', 'out']);
    assert.equal(opts.debug, true);
    assert.equal(opts.rounds, undefined, "the script's flags are not fedflow's");
  });

  test('a command with --help asks for that command\'s help', () => {
    assert.deepEqual([parseCliArgs(['run', '--help']).command, parseCliArgs(['run', '--help']).helpFor], ['help', 'run']);
    assert.equal(parseCliArgs(['help', 'export']).helpFor, 'export');
    assert.equal(parseCliArgs([]).helpFor, 'help');
  });

  test('start takes --retry-download; --debug and FEDFLOW_DEBUG=1 ask for stack traces', () => {
    assert.equal(parseCliArgs(['start', '--retry-download']).retryDownload, true);
    assert.equal(parseCliArgs(['start']).retryDownload, false);
    assert.equal(parseCliArgs(['run', 'p.json', '--debug']).debug, true);
    assert.equal(debugFromEnvironment({ FEDFLOW_DEBUG: '1' }), true);
    assert.equal(debugFromEnvironment({ FEDFLOW_DEBUG: '0' }), false);
    assert.equal(debugFromEnvironment({}), false);
  });
});

test('edit distance counts a swap of neighbours as one edit; closest keeps to near words', () => {
  assert.equal(editDistance('rounds', 'roudns'), 1);
  assert.equal(editDistance('seed', 'sed'), 1);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(closest('x', ['o', 'out']), undefined);
  assert.equal(closest('jsno', ['json', 'dir']), 'json');
});

describe('runs and sweep arguments', () => {
  test('fedflow runs takes a sub-command and any number of run ids', () => {
    const opts = parseCliArgs(['runs', 'compare', 'a', 'b', 'c', '--runs-dir', 'store', '--json']);
    assert.equal(opts.command, 'runs');
    assert.deepEqual(opts.args, ['compare', 'a', 'b', 'c']);
    assert.equal(opts.runsDir, 'store');
    assert.equal(opts.json, true);
  });

  test('fedflow sweep takes --set more than once and --seeds', () => {
    const opts = parseCliArgs(['sweep', 'p.json', '--set', 'split.alpha=0.1,1', '--set', 'aggregator.strategy=FedAvg,FedMedian', '--seeds', '3']);
    assert.equal(opts.file, 'p.json');
    assert.deepEqual(opts.set, ['split.alpha=0.1,1', 'aggregator.strategy=FedAvg,FedMedian']);
    assert.equal(opts.seeds, 3);
  });

  test('--set belongs to sweep, and --seeds is a whole number', () => {
    assert.equal(refusal('run', 'p.json', '--set', 'a.b=1').message, 'fedflow run does not take --set (it is an option of fedflow sweep).');
    assert.equal(refusal('sweep', 'p.json', '--seeds', '0').message, "--seeds must be a whole number from 1 to 1000 (got '0').");
    assert.match(refusal('runs', 'list', '--sort', 'acuracy').message, /--sort must be one of started, accuracy, duration, name \(got 'acuracy'\); did you mean accuracy\?/);
  });
});

describe('fedflow join --holdout', () => {
  test('takes a fraction from 0 to 0.5, and refuses one outside it or not a number', () => {
    assert.equal(parseCliArgs(['join', 'ws://h/join', '--data', 'd.csv', '--holdout', '0.2']).holdout, 0.2);
    assert.equal(parseCliArgs(['join', 'ws://h/join', '--data', 'd.csv']).holdout, undefined);
    assert.equal(refusal('join', 'ws://h/join', '--data', 'd.csv', '--holdout', '0.7').message, "--holdout must be a number from 0 to 0.5 (got '0.7').");
    assert.match(refusal('join', 'ws://h/join', '--holdout', 'some').message, /--holdout must be a number/);
    assert.match(refusal('run', 'p.json', '--holdout', '0.2').message, /it is an option of fedflow join/);
  });
});

describe('--cohort', () => {
  test('passes off (or auto) to the run, and nothing when not given', () => {
    assert.equal(parseCliArgs(['run', 'p.json', '--cohort', 'off']).cohort, 'off');
    assert.equal(parseCliArgs(['run', 'p.json', '--cohort', 'auto']).cohort, 'auto');
    assert.equal(parseCliArgs(['run', 'p.json']).cohort, undefined);
  });

  test('refuses another value, and a command that does not run clients', () => {
    assert.match(refusal('run', 'p.json', '--cohort', 'of').message, /^--cohort must be one of auto, off \(got 'of'\)/);
    assert.match(refusal('validate', 'p.json', '--cohort', 'off').message, /does not take --cohort/);
  });
});
