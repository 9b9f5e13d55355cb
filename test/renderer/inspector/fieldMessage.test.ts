/** Beside its field, a problem speaks of the field by its label, without the node's name. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fieldMessage } from '../../../renderer/src/inspector/fieldMessage.js';

describe('a problem shown under its field', () => {
  test('drops the node name and names the field by its label', () => {
    assert.equal(fieldMessage("'Clients': learningRate must be greater than 0 (got -1).", 'learningRate'), 'Learning rate must be greater than 0 (got -1).');
    assert.equal(fieldMessage("'IID, 10 clients': numClients must be at least 1 (got 0).", 'numClients'), 'Num clients must be at least 1 (got 0).');
  });

  test('a node name with a kind before it, or quotes inside, is dropped too', () => {
    assert.equal(fieldMessage("client 'Bob\\'s group': Client 11 does not exist: the split makes 5 clients, numbered 0 to 4.", 'clients'), 'Client 11 does not exist: the split makes 5 clients, numbered 0 to 4.');
  });

  test('the field named inside a sentence reads in lower case, and other words that contain it are left alone', () => {
    assert.equal(fieldMessage("'FedAvg': clippedCountStddev must be above noiseMultiplier / 2.", 'noiseMultiplier'), 'ClippedCountStddev must be above noise multiplier / 2.');
    assert.equal(fieldMessage("'A': params.bits is ignored without bitsPerValue.", 'bits'), 'Params.bits is ignored without bitsPerValue.');
  });

  test('a message without a node prefix is kept, capitalised', () => {
    assert.equal(fieldMessage('must be a number (got "x").', ''), 'Must be a number (got "x").');
  });
});
