/** Reading HTTP response bodies safely: decompression with a cap on the decompressed size. */
import type { IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';
import { constants as zlibConstants, createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import { FetchError } from './fetch-error.ts';

/** A byte count for messages: "10 MB", "512 kB". */
export function mb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(bytes / 1024)} kB`;
}

/** The first value of a header that may repeat. */
export function headerValue(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[0] : h;
}

/** Splits a Content-Type header into a lower-case MIME type and its charset. */
export function parseContentType(header: string | undefined): [string | null, string | null] {
  if (!header) return [null, null];
  const [type, ...params] = header.split(';');
  const charset = params
    .map((p) => /^\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(p)?.[1])
    .find((c): c is string => Boolean(c));
  return [type!.trim().toLowerCase() || null, charset?.toLowerCase() ?? null];
}

/**
 * Reads a response body through the decoder its Content-Encoding names, stopping as soon as the decompressed size
 * passes the cap (so a small gzip bomb never becomes a large buffer).
 */
export function readBody(res: IncomingMessage, url: string, maxBytes: number): Promise<Buffer> {
  const encoding = (headerValue(res.headers['content-encoding']) ?? 'identity').trim().toLowerCase();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let decoder: Transform | null = null;
    let settled = false;
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      res.destroy();
      decoder?.destroy();
      reject(err);
    };
    const onData = (chunk: Buffer): void => {
      total += chunk.length;
      if (total > maxBytes) {
        fail(
          new FetchError('too-large', url, `Stopped reading ${url}: the ${encoding === 'identity' ? '' : 'decompressed '}body passed the ${mb(maxBytes)} limit.`),
        );
        return;
      }
      chunks.push(chunk);
    };
    const done = (): void => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks));
    };
    res.on('error', fail);
    if (encoding === 'identity' || encoding === '') {
      res.on('data', onData);
      res.on('end', done);
      return;
    }
    if (!['gzip', 'x-gzip', 'deflate', 'br'].includes(encoding)) {
      fail(new FetchError('encoding', url, `Refused ${url}: unsupported content encoding "${encoding.slice(0, 40)}".`));
      return;
    }
    res.once('data', (first: Buffer) => {
      const d = decoderFor(encoding, first);
      decoder = d;
      d.on('data', onData);
      d.on('end', done);
      d.on('error', (err) => fail(new FetchError('encoding', url, `Cannot read ${url}: the ${encoding} body is corrupt.`, { cause: err })));
      d.write(first);
      res.pipe(d);
    });
    // A compressed answer with an empty body.
    res.once('end', () => {
      if (!decoder) done();
    });
  });
}

function decoderFor(encoding: string, first: Buffer): Transform {
  // Truncated streams yield what arrived instead of failing (Z_SYNC_FLUSH); the size cap still applies.
  const lenient = { finishFlush: zlibConstants.Z_SYNC_FLUSH };
  if (encoding === 'br') return createBrotliDecompress();
  if (encoding === 'deflate') {
    // "deflate" should be zlib-wrapped, but some servers send raw deflate: the zlib header is recognisable.
    const zlibWrapped = first.length >= 2 && (first[0]! & 0x0f) === 8 && ((first[0]! << 8) | first[1]!) % 31 === 0;
    return zlibWrapped ? createInflate(lenient) : createInflateRaw(lenient);
  }
  return createGunzip(lenient);
}
