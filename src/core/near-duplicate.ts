import { words } from './text.ts';

/**
 * Near-duplicate detection with MinHash over word shingles and locality-sensitive hashing (LSH). Two articles are near
 * duplicates when the estimated Jaccard similarity of their 3-word shingle sets reaches {@link NEAR_DUPLICATE_JACCARD}:
 * wire copies republished with a new headline, a trimmed ending or a few edited words. Pure and deterministic.
 */

/** Number of hash functions in a signature. */
export const SIGNATURE_SIZE = 64;
/** LSH: the signature is cut into this many bands … */
export const BANDS = 16;
/** … of this many rows; two articles become candidates when any band matches exactly. */
export const ROWS = SIGNATURE_SIZE / BANDS;
/** Estimated Jaccard similarity from which two articles are linked as near duplicates. */
export const NEAR_DUPLICATE_JACCARD = 0.5;
/** Fewer distinct shingles than this and a text is too short to judge (a one-line teaser). */
export const MIN_SHINGLES = 12;

const SHINGLE = 3;

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** MurmurHash3's finaliser: a fast, well-mixed 32-bit permutation. */
function mix(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// One seed per hash function, fixed so signatures stay comparable across runs and releases.
const SEEDS = Array.from({ length: SIGNATURE_SIZE }, (_, i) => mix(0x9e3779b9 ^ Math.imul(i + 1, 0x7feb352d)));

/** The distinct hashed 3-word shingles of a text (case, punctuation and spacing ignored). */
export function shingles(text: string): Set<number> {
  const w = words(text);
  const out = new Set<number>();
  for (let i = 0; i + SHINGLE <= w.length; i++) out.add(fnv1a(w.slice(i, i + SHINGLE).join(' ')));
  return out;
}

/** The MinHash signature of a text, or null when it is too short to judge. */
export function minhashSignature(text: string): Uint32Array | null {
  const set = shingles(text);
  if (set.size < MIN_SHINGLES) return null;
  const sig = new Uint32Array(SIGNATURE_SIZE).fill(0xffffffff);
  for (const s of set) {
    for (let i = 0; i < SIGNATURE_SIZE; i++) {
      const v = mix(s ^ SEEDS[i]!);
      if (v < sig[i]!) sig[i] = v;
    }
  }
  return sig;
}

/** Estimated Jaccard similarity of two signatures: the share of positions where they agree. */
export function estimatedJaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < SIGNATURE_SIZE; i++) if (a[i] === b[i]) same++;
  return same / SIGNATURE_SIZE;
}

/**
 * The LSH keys of a signature: one per band, the band number in the high bits so equal hashes of different bands
 * never collide. Safe JavaScript integers (below 2^36), storable as SQLite integers.
 */
export function lshKeys(sig: Uint32Array): number[] {
  const keys: number[] = [];
  for (let b = 0; b < BANDS; b++) {
    let h = 0x811c9dc5 ^ b;
    for (let r = 0; r < ROWS; r++) h = mix(h ^ sig[b * ROWS + r]!);
    keys.push(b * 2 ** 32 + h);
  }
  return keys;
}

/** Signature → little-endian bytes, for storage. */
export function signatureToBytes(sig: Uint32Array): Uint8Array {
  const bytes = new Uint8Array(sig.length * 4);
  const view = new DataView(bytes.buffer);
  sig.forEach((v, i) => view.setUint32(i * 4, v, true));
  return bytes;
}

/** Bytes from {@link signatureToBytes} back to a signature; null when the length is wrong. */
export function signatureFromBytes(bytes: Uint8Array): Uint32Array | null {
  if (bytes.byteLength !== SIGNATURE_SIZE * 4) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Uint32Array.from({ length: SIGNATURE_SIZE }, (_, i) => view.getUint32(i * 4, true));
}
