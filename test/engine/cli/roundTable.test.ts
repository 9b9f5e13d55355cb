import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fitLabels } from '../../../engine/cli/fitLabels.js';
import { RoundTable, TABLE_HEADER, tableHeader, tableRow, UPLINK_COLUMN } from '../../../engine/cli/roundTable.js';
import type { RoundRecord } from '../../../engine/run/events.js';

const record = (over: Partial<RoundRecord> = {}): RoundRecord => ({
  aggregatorId: 'agg',
  round: 3,
  participants: 8,
  dropped: 0,
  trainLoss: 0.52341,
  bytesUp: 1000,
  bytesDown: 1000,
  ms: 1234,
  test: { examples: 2000, loss: 0.41234, accuracy: 0.9125, perClassAccuracy: [], confusion: [] },
  ...over,
});

const cells = (line: string) => line.trim().split(/\s+/);

test('the header names every column', () => {
  const header = tableHeader();
  for (const name of TABLE_HEADER) assert.ok(header.includes(name), name);
  assert.ok(header.startsWith('federation'));
});

test('a round shows its losses to four places and accuracies as percentages', () => {
  const row = tableRow('FedAvg', record({ federated: { clients: 8, examples: 400, loss: 0.5, accuracy: 0.875, accuracyStd: 0.05 } }));
  assert.match(row, /^FedAvg\s+3\s+8\s+0\.5234\s+0\.4123\s+91\.25%\s+87\.50%\s+1\.23s$/);
});

test('dropped clients are shown next to the ones that answered', () => {
  const row = tableRow('FedAvg', record({ participants: 6, dropped: 2 }));
  assert.match(row, /\s6\+2✗\s/);
  assert.doesNotMatch(tableRow('FedAvg', record()), /✗/);
});

test('scores a round does not have are shown as a dash', () => {
  const row = tableRow('agg', record({ trainLoss: null, test: undefined, federated: undefined }));
  assert.deepEqual(cells(row).slice(3, 7), ['-', '-', '-', '-']);
});

test('rows line up under the header, and a long federation name is cut short', () => {
  const header = tableHeader();
  const row = tableRow('a very long federation label', record({ participants: 10, dropped: 3 }));
  assert.equal(row.length, header.length);
  assert.ok(row.startsWith('a very long fed…'));
  assert.equal(tableRow('short', record()).length, header.length);
});

test('failed clients are counted beside the dropped ones', () => {
  const failures = [
    { clientId: 2, clientNodeId: 'clients', code: 'crashed' as const, message: 'it threw' },
    { clientId: 5, clientNodeId: 'clients', code: 'lost' as const, message: 'its thread exited' },
  ];
  assert.match(tableRow('FedAvg', record({ participants: 7, dropped: 1, failures })), /\s7\+1✗\+2!\s/);
  assert.match(tableRow('FedAvg', record({ participants: 8, failures })), /\s8\+2!\s/);
});

test('with simulated devices the table adds the simulated clock, as seconds, minutes or hours', () => {
  const header = tableHeader(true);
  assert.ok(header.trimEnd().endsWith('sim clock'));
  assert.match(tableRow('FedAvg', record({ clock: 42.123, simulatedSeconds: 8 }), true), /\s42\.1s$/);
  assert.match(tableRow('FedAvg', record({ clock: 723 }), true), /\s12m03s$/);
  assert.match(tableRow('FedAvg', record({ clock: 3 * 3600 + 5 * 60 + 9 }), true), /\s3h05m$/);
  assert.equal(tableRow('FedAvg', record({ clock: 1 }), true).length, header.length);
  assert.doesNotMatch(tableHeader(), /sim clock/);
});

describe('federation labels', () => {
  // The two federations of templates/fedavg-vs-fedsgd.fedflow.json.
  const federations = [
    { aggregatorId: 'fedavg', label: 'FedAvg · E=5, B=10' },
    { aggregatorId: 'fedsgd', label: 'FedSGD · E=1, B=full' },
  ];

  test('are shown whole where the terminal has room (100 columns, the width assumed off a terminal)', () => {
    const table = new RoundTable(federations, false, 100);
    assert.ok(table.row('fedavg', record()).startsWith('FedAvg · E=5, B=10 '));
    assert.ok(table.row('fedsgd', record()).startsWith('FedSGD · E=1, B=full '));
    assert.equal(table.row('fedavg', record()).length, table.header().length);
    assert.equal(new RoundTable(federations).row('fedsgd', record()).split(/\s{2,}/)[0], 'FedSGD · E=1, B=full');
  });

  test('fit the terminal: no line is wider than its columns, and the rows line up under the header', () => {
    for (const columns of [80, 90, 200]) {
      const table = new RoundTable(federations, false, columns);
      const lines = [table.header(), table.row('fedavg', record()), table.row('fedsgd', record())];
      for (const line of lines) assert.ok(line.length <= columns, `${columns}: ${line}`);
      assert.equal(new Set(lines.map((l) => l.length)).size, 1);
    }
  });

  test('shortened, they first lose the spaces around separators, so more of what differs stays', () => {
    const labels = federations.map((f) => f.label);
    // On main both were cut to 'FedAvg · E=5, B…' and 'FedSGD · E=1, B…', hiding the batch sizes.
    assert.deepEqual(fitLabels(labels, 16), ['FedAvg·E=5,B=10', 'FedSGD·E=1,B=fu…']);
    // An 80-column terminal leaves 12 characters beside the other columns.
    assert.deepEqual(fitLabels(labels, 12), ['FedAvg·E=5,…', 'FedSGD·E=1,…']);
    assert.deepEqual(new RoundTable(federations, false, 80).row('fedavg', record()).split(' ')[0], 'FedAvg·E=5,…');
  });

  test('shortened, labels that share a beginning keep the end that differs', () => {
    const labels = ['Clients 0-7 · FedAvg · E=5, B=10', 'Clients 0-7 · FedAvg · E=5, B=full'];
    assert.deepEqual(fitLabels(labels, 16), ['…FedAvg·E=5,B=10', '…dAvg·E=5,B=full']);
  });

  test('shortened, labels that share a beginning and an end keep the middle that differs', () => {
    const labels = ['Honest clients 0-7 · FedAvg with attackers 8-9', 'Honest clients 0-7 · Krum (f=2) with attackers 8-9'];
    assert.deepEqual(fitLabels(labels, 16), ['…FedAvg with at…', '…Krum (f=2) wit…']);
  });
});

describe('the uplink column', () => {
  const federations = [
    { aggregatorId: 'fedavg', label: 'FedAvg · E=5, B=10' },
    { aggregatorId: 'fedsgd', label: 'FedSGD · E=1, B=full' },
  ];
  /** The uplink cell of a line without the simulated clock: the byte count before the time. */
  const uplinkCell = (line: string) => /(\d[\d.]* [kMGT]?B)\s+\S+s$/.exec(line)?.[1];

  test('shows, per federation, the bytes its clients have sent so far, in kB, MB or GB', () => {
    const table = new RoundTable(federations, false, 100);
    assert.match(table.header(), /fed acc\s+↑ total\s+time$/);
    // Interleaved as a run prints them: each federation keeps its own running sum.
    const lines = [
      table.row('fedavg', record({ round: 1, bytesUp: 600_000 })),
      table.row('fedsgd', record({ round: 1, bytesUp: 999_700 })),
      table.row('fedavg', record({ round: 2, bytesUp: 600_000 })),
      table.row('fedsgd', record({ round: 2, bytesUp: 2_500_000_000 })),
      table.row('fedavg', record({ round: 3, bytesUp: 600_000 })),
    ];
    assert.deepEqual(lines.map(uplinkCell), ['600 kB', '1.00 MB', '1.20 MB', '2.50 GB', '1.80 MB']);
    assert.match(lines[0], /\s91\.25%\s+-\s+600 kB\s+1\.23s$/);
    assert.equal(new Set([table.header(), ...lines].map((l) => l.length)).size, 1, 'the rows line up under the header');
  });

  test('counts uplink only: downlink bytes do not change it', () => {
    const table = new RoundTable([{ aggregatorId: 'agg', label: 'agg' }]);
    assert.equal(uplinkCell(table.row('agg', record({ bytesUp: 512, bytesDown: 9_000_000 }))), '512 B');
  });

  test('sits before the simulated clock where both are shown, and every line fits the terminal', () => {
    const table = new RoundTable([{ aggregatorId: 'agg', label: 'FedAvg' }], true, 100);
    assert.match(table.header(), /↑ total\s+time\s+sim clock$/);
    const row = table.row('agg', record({ bytesUp: 31_400, clock: 42.1 }));
    assert.match(row, /\s31\.4 kB\s+1\.23s\s+42\.1s$/);
    assert.equal(row.length, table.header().length);
    assert.ok(row.length <= 100);
  });

  test('gives way on a narrow terminal, so the federation labels keep their room', () => {
    for (const columns of [80, 90]) {
      const table = new RoundTable(federations, false, columns);
      assert.equal(table.uplink, false, `${columns} columns`);
      assert.ok(!table.header().includes(UPLINK_COLUMN));
      assert.ok(table.row('fedavg', record()).length <= columns);
    }
    assert.equal(new RoundTable(federations, false, 200).uplink, true);
    // A free-standing row has it only when given the bytes so far.
    assert.equal(tableHeader(), tableHeader(false, 16, false));
    assert.ok(tableHeader(false, 16, true).includes(UPLINK_COLUMN));
    assert.equal(tableRow('FedAvg', record(), false, 16, 2048).length, tableHeader(false, 16, true).length);
  });
});
