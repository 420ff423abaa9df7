import { describe, expect, it } from 'vitest';
import { createThreadMemory, decodeThreadContext, encodeThreadContext, MAX_CONTEXT_TOKEN, type ThreadContext } from '../../src/core/thread-context.ts';

const context = { subject: 'syrian crisis', from: new Date('2012-05-25T00:00:00Z'), to: new Date('2012-05-29T00:00:00Z') };

describe('thread context tokens', () => {
  it('round-trips a subject and window, in any script, within the block_id limit', () => {
    for (const subject of ['syria', 'الأزمة السورية', 'Україна "islamic state" -football', 'x'.repeat(120)]) {
      const token = encodeThreadContext({ ...context, subject });
      expect(token).not.toBeNull();
      expect(token!.length).toBeLessThanOrEqual(MAX_CONTEXT_TOKEN);
      expect(decodeThreadContext(token)).toEqual({ ...context, subject });
    }
  });

  it('gives no token for a subject too long to fit, rather than a cut one', () => {
    expect(encodeThreadContext({ ...context, subject: 'y'.repeat(200) })).toBeNull();
  });

  it('reads nothing from tokens that are not ours or do not hold a sane context', () => {
    const b64 = (v: unknown) => `sitrep1.${Buffer.from(JSON.stringify(v)).toString('base64url')}`;
    for (const bad of [
      undefined,
      42,
      '',
      'block-1',
      'sitrep1.',
      'sitrep1.!!!not-base64',
      b64({ subject: 'syria' }),
      b64(['syria', 5]),
      b64(['', 1, 2]),
      b64(['syria', 10, 5]),
      b64(['syria', -1, 5]),
      b64(['syria', 1.5, 5]),
      b64(['syria', '1', '2']),
      `sitrep1.${'A'.repeat(300)}`,
    ]) {
      expect(decodeThreadContext(bad)).toBeNull();
    }
  });
});

describe('thread memory', () => {
  it('recalls recent messages and forgets the oldest beyond its bound', async () => {
    const memory = createThreadMemory({ max: 3 });
    for (const id of ['1', '2', '3']) await memory.remember(id, { ...context, subject: `s${id}` });
    await memory.remember('1', { ...context, subject: 's1 again' });
    await memory.remember('4', context);
    expect(await memory.recall('2')).toBeNull();
    expect((await memory.recall('1'))?.subject).toBe('s1 again');
    expect(await memory.recall('4')).toEqual(context);
    expect(await memory.recall(undefined)).toBeNull();
    expect(await memory.recall('missing')).toBeNull();
  });

  it('finds a brief of an earlier process, or of another instance, in the durable copy', async () => {
    const stored = new Map<string, ThreadContext>();
    const durable = {
      rememberThread: async (key: string, c: ThreadContext) => void stored.set(key, c),
      recallThread: async (key: string) => stored.get(key) ?? null,
    };
    await createThreadMemory({ durable, platform: 'discord' }).remember('123', context);
    expect([...stored.keys()]).toEqual(['discord:123']);
    const restarted = createThreadMemory({ durable, platform: 'discord', max: 1 });
    expect(await restarted.recall('123')).toEqual(context);
    expect(await restarted.recall('999')).toBeNull();
  });
});
