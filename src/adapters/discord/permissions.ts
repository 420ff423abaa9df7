import { PermissionFlagsBits } from 'discord-api-types/v10';
import { ConfigError } from '../../core/errors.ts';

/**
 * Turns the permission names of `DISCORD_MANAGE_PERMISSIONS` (e.g. `ManageGuild`, `ManageChannels`) into the bitfield a
 * member needs for commands that change workspace state. An empty list means every member may run them: returns null.
 * Unknown names stop the start with the variable named.
 */
export function resolveManagePermissions(names: readonly string[]): bigint | null {
  if (names.length === 0) return null;
  const known = PermissionFlagsBits as Record<string, bigint>;
  let bits = 0n;
  const unknown: string[] = [];
  for (const name of names) {
    const key = Object.keys(known).find((k) => k.toLowerCase() === name.toLowerCase());
    if (key === undefined) unknown.push(name);
    else bits |= known[key]!;
  }
  if (unknown.length > 0) {
    throw new ConfigError([
      `DISCORD_MANAGE_PERMISSIONS: unknown Discord permission ${unknown.map((u) => `"${u}"`).join(', ')}; ` +
        'expected names such as ManageGuild, ManageChannels or Administrator, or "none"',
    ]);
  }
  return bits;
}

/** Whether a member with these permissions may run a state-changing command (Administrator always may). */
export function mayManage(memberPermissions: bigint, required: bigint | null): boolean {
  if (required === null) return true;
  if ((memberPermissions & PermissionFlagsBits.Administrator) !== 0n) return true;
  return (memberPermissions & required) === required;
}

/** How permission names read in Discord's UI, for messages ("Manage Server"). */
export function permissionLabel(names: readonly string[]): string {
  if (names.length === 0) return 'no';
  return names
    .map((n) => (n.toLowerCase() === 'manageguild' ? 'Manage Server' : n.replace(/([a-z])([A-Z])/g, '$1 $2')))
    .join(' and ');
}
