import type { DigestChannel } from './digest.ts';
import { UserError } from './errors.ts';

/** Parses `platform:channel-id` (the CLI's `--channel`). */
export function parseChannelArg(text: string): DigestChannel {
  const m = /^([a-z]+):(.+)$/i.exec(text.trim());
  if (!m) {
    throw new UserError('digest.invalid_channel', `"${text.slice(0, 80)}" is not a channel.`, {
      hint: 'Write platform:channel-id, e.g. slack:C0123456789, discord:112233445566778899 or console:local.',
    });
  }
  return { platform: m[1]!.toLowerCase(), id: m[2]! };
}
