import type { Command } from '../../commands/command.ts';
import type { Publisher } from '../chat/publisher.ts';

/**
 * One chat platform as `serve` runs it: Slack, Discord, the console chat. Adding a platform means writing one of
 * these (plus its renderer), not editing the composition root: `serve` starts every configured adapter, registers
 * its publisher for digests and notices, and stops them in reverse order. Every adapter passes one contract suite
 * (tests/contract/chat-adapter-contract.ts): a command is acknowledged and answered, a long reply is split within
 * the platform's limits, mentions in article text never ping anyone, and a failure reaches the user as a short
 * apology with a reference id.
 */
export interface ChatAdapter {
  /** The platform (`slack`, `discord`, `console`); also the platform of its channels and of its publisher. */
  readonly platform: string;
  /** The commands it serves (the shared registry, possibly instrumented). */
  readonly commands: readonly Command[];
  /**
   * Connects or listens. Rejects with a ConfigError when the platform refuses the credentials (the operator must
   * fix a variable), with a UserError when the platform cannot be reached.
   */
  start(): Promise<unknown>;
  /** Stops taking work, lets replies in progress finish (bounded), then disconnects. Safe to call when not started. */
  stop(): Promise<void>;
  /** Posts digests and notices to the platform's channels without a user interaction; absent when it cannot. */
  readonly publisher?: Publisher;
  /**
   * Resolves when the adapter has ended by itself (the console chat when its input ends or the user quits).
   * Absent for servers, which run until the process is asked to stop.
   */
  readonly finished?: Promise<void>;
}
