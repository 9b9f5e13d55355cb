/** Every param of every node kind says what it does, in the inspector, from the engine's schema. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NODE_KINDS } from '../../../engine/format/nodeKinds.js';
import { formSpecOf } from '../../../renderer/src/inspector/formSpec.js';

test('every field of every node kind (every variant) carries its help text', () => {
  const missing: string[] = [];
  for (const kind of NODE_KINDS) {
    const spec = formSpecOf(kind);
    const groups = spec.discriminator ? Object.entries(spec.discriminator.variants) : [['', spec.fields] as const];
    for (const [variant, fields] of groups) {
      for (const f of fields) if (!f.help || f.help.length < 8) missing.push(`${kind}${variant ? `/${variant}` : ''}.${f.name}`);
    }
  }
  assert.deepEqual(missing, []);
});
