/**
 * Reads a stream (standard input) in chunks and stops once it has more than `maxBytes` bytes:
 * returns everything when the stream has at most `maxBytes`, else exactly `maxBytes + 1` bytes,
 * and reads no further. A 100 MB pipe costs the limit, not 100 MB.
 */
export async function readBounded(stream: AsyncIterable<Buffer | string>, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const room = maxBytes + 1 - total;
    chunks.push(bytes.length > room ? bytes.subarray(0, room) : bytes);
    total += Math.min(bytes.length, room);
    // Leaving the loop early destroys the stream: nothing more is read.
    if (total > maxBytes) break;
  }
  return Buffer.concat(chunks, total);
}
