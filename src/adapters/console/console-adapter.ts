import type { ChatAdapter } from '../chat-adapter.ts';
import { runConsoleChat, type ConsoleChatDeps } from './console-chat.ts';

/** The local console chat as a chat adapter: it ends by itself when its input ends or the user types /quit. */
export interface ConsoleAdapter extends ChatAdapter {
  /** Always `console`. */
  readonly platform: 'console';
  /** Resolves when the chat has ended. */
  readonly finished: Promise<void>;
}

/**
 * The console chat (`serve` with no chat platform configured). It has no publisher of its own: digests addressed to
 * console channels are printed by the console publisher the composition root registers for every command.
 */
export function createConsoleAdapter(deps: Omit<ConsoleChatDeps, 'signal'>): ConsoleAdapter {
  const abort = new AbortController();
  let resolveFinished!: () => void;
  let rejectFinished!: (err: unknown) => void;
  const finished = new Promise<void>((resolve, reject) => {
    resolveFinished = resolve;
    rejectFinished = reject;
  });
  let started = false;
  return {
    platform: 'console',
    commands: deps.commands,
    finished,
    async start() {
      if (started) return;
      started = true;
      runConsoleChat({ ...deps, signal: abort.signal }).then(resolveFinished, rejectFinished);
    },
    async stop() {
      abort.abort();
      if (started) await finished.catch(() => undefined);
    },
  };
}
