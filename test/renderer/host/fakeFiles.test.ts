/** The demo host's files (`?fake=1`) version and refuse saves as the Node host does, so the conflict dialog works there too. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HostError } from '../../../engine/host/hostError.js';
import { FakeFiles, fakeFileVersion } from '../../../renderer/src/host/fakeFiles.js';

const PATH = '/workspace/shared.fedflow.json';
const refused = (words: RegExp) => (e: unknown) => e instanceof HostError && e.code === 'changed-on-disk' && words.test(e.message);

describe('the fake host’s files', () => {
  it('version a file by its content: 16 hex digits that change when the text does, and only then', () => {
    assert.match(fakeFileVersion('{"a":1}'), /^[0-9a-f]{16}$/);
    assert.equal(fakeFileVersion('{"a":1}'), fakeFileVersion('{"a":1}'));
    assert.notEqual(fakeFileVersion('{"a":1}'), fakeFileVersion('{"a":2}'));
    assert.notEqual(fakeFileVersion(''), fakeFileVersion(' '));
  });

  it('save at the version read, and answer the new one', () => {
    const files = new FakeFiles();
    files.set(PATH, 'one');
    const read = files.read(PATH)!;
    const next = files.write(PATH, 'two', read.version);
    assert.equal(next, fakeFileVersion('two'));
    assert.equal(files.write(PATH, 'three', next), fakeFileVersion('three'));
  });

  it('refuse a save over what another tab wrote since, or over a deleted file, leaving the file as it is', () => {
    const files = new FakeFiles();
    files.set(PATH, 'one');
    const read = files.read(PATH)!;
    files.write(PATH, 'theirs');
    assert.throws(() => files.write(PATH, 'mine', read.version), refused(/^shared\.fedflow\.json changed on disk since you opened it/));
    assert.equal(files.get(PATH), 'theirs');
    files.delete(PATH);
    assert.throws(() => files.write(PATH, 'mine', read.version), refused(/was deleted on disk/));
    assert.equal(files.has(PATH), false);
  });

  it('save over anything without an expected version', () => {
    const files = new FakeFiles();
    files.set(PATH, 'theirs');
    files.write(PATH, 'mine');
    files.write(PATH, 'mine again', null);
    assert.equal(files.get(PATH), 'mine again');
  });
});
