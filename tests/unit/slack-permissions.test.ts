import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/registry.ts';
import { createPermissionChecker, type ChangePolicy } from '../../src/adapters/slack/permissions.ts';
import { UserError } from '../../src/core/errors.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { fixedClock } from '../helpers/app.ts';

const track = commands.find((c) => c.name === 'track')!;
const brief = commands.find((c) => c.name === 'brief')!;

function checker(policy: ChangePolicy, clock = fixedClock('2025-11-20T12:00:00Z')) {
  return createPermissionChecker({ policy, clock: clock.now, logger: silentLogger });
}

describe('who may change things in Slack', () => {
  it('lets everyone run everything by default', async () => {
    let asked = 0;
    const c = checker({ everyone: true, admins: false, userIds: [] });
    await c.assertAllowed(track, { workspace: 'slack:T1', userId: 'U1', isAdmin: async () => (asked++, false) });
    expect(asked).toBe(0);
  });

  it('restricts mutating commands to listed users, leaving read-only ones open', async () => {
    const c = checker({ everyone: false, admins: false, userIds: ['U0OK'] });
    await c.assertAllowed(track, { workspace: 'slack:T1', userId: 'u0ok', isAdmin: async () => false });
    await c.assertAllowed(brief, { workspace: 'slack:T1', userId: 'U2', isAdmin: async () => false });
    const err = await c.assertAllowed(track, { workspace: 'slack:T1', userId: 'U2', isAdmin: async () => true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe('Only the people Sitrep was configured to allow can use /track in this workspace.');
  });

  it('asks Slack once per user for a few minutes, per workspace', async () => {
    const clock = fixedClock('2025-11-20T12:00:00Z');
    const c = checker({ everyone: false, admins: true, userIds: [] }, clock);
    let asked = 0;
    const admin = { workspace: 'slack:T1', userId: 'U1', isAdmin: async () => (asked++, true) };
    await c.assertAllowed(track, admin);
    await c.assertAllowed(track, admin);
    expect(asked).toBe(1);
    await c.assertAllowed(track, { ...admin, workspace: 'slack:T2' });
    expect(asked).toBe(2);
    clock.set('2025-11-20T12:06:00Z');
    await c.assertAllowed(track, admin);
    expect(asked).toBe(3);
  });

  it('refuses, with a user-facing message, when admin status cannot be checked', async () => {
    const c = checker({ everyone: false, admins: true, userIds: [] });
    const err = await c
      .assertAllowed(track, { workspace: 'slack:T1', userId: 'U1', isAdmin: async () => Promise.reject(new Error('missing_scope')) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/Could not confirm that you may use \/track/);
  });
});
