import { Readable } from 'node:stream';
import { readBounded } from '../../lib/cli/stdin';

/** A stream of `chunks` chunks of `size` bytes that counts how many were read. */
function counted(chunks: number, size: number) {
  const state = { pulled: 0 };
  const stream = Readable.from((function* () {
    for (let i = 0; i < chunks; i++) {
      state.pulled++;
      yield Buffer.alloc(size, 0x61 + (i % 26));
    }
  })());
  return { stream, state };
}

describe('readBounded', () => {
  test('reads all of a stream within the limit', async () => {
    const { stream } = counted(3, 10);
    const bytes = await readBounded(stream, 30);
    expect(bytes.toString()).toBe(`${'a'.repeat(10)}${'b'.repeat(10)}${'c'.repeat(10)}`);
  });

  test('stops one byte past the limit, without reading the rest of the stream', async () => {
    const { stream, state } = counted(1000, 64 * 1024);
    const limit = 100 * 1024;
    const bytes = await readBounded(stream, limit);
    expect(bytes.length).toBe(limit + 1);
    // Two chunks cover limit + 1; a stream reads a little ahead, never the whole 64 MB.
    expect(state.pulled).toBeLessThan(10);
    expect(stream.destroyed).toBe(true);
  });

  test('an empty stream is an empty buffer; strings are taken as UTF-8', async () => {
    expect((await readBounded(Readable.from([]), 10)).length).toBe(0);
    expect((await readBounded(Readable.from(['é']), 10)).equals(Buffer.from('é'))).toBe(true);
  });

  test('a limit of 0 reads one byte', async () => {
    expect((await readBounded(counted(5, 10).stream, 0)).length).toBe(1);
  });
});
