import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

describe('SITREP_DIGEST_GRACE', () => {
  it('defaults to six hours and reads hours, minutes or 0', () => {
    expect(loadConfig({}).digestGraceMs).toBe(6 * 3_600_000);
    expect(loadConfig({ SITREP_DIGEST_GRACE: '2h' }).digestGraceMs).toBe(2 * 3_600_000);
    expect(loadConfig({ SITREP_DIGEST_GRACE: '90m' }).digestGraceMs).toBe(90 * 60_000);
    expect(loadConfig({ SITREP_DIGEST_GRACE: '0' }).digestGraceMs).toBe(0);
  });

  it.each(['6', 'six hours', '-1h', '49h', '1d'])('rejects %j naming the variable', (value) => {
    expect(() => loadConfig({ SITREP_DIGEST_GRACE: value })).toThrow(/SITREP_DIGEST_GRACE: expected a duration up to 48h/);
  });
});
