import type { Publisher } from './publisher.ts';

/**
 * The publishers available in this process, by platform. Chat adapters register theirs when they start (a process
 * running only the CLI has the console publisher alone), and scheduled posting looks them up here.
 */
export interface PublisherRegistry {
  /** Adds or replaces the publisher of its platform. */
  register(publisher: Publisher): void;
  /** The publisher for a platform, if this process has one. */
  get(platform: string): Publisher | undefined;
  /** Platforms with a publisher, sorted. */
  platforms(): string[];
}

export function createPublisherRegistry(initial: readonly Publisher[] = []): PublisherRegistry {
  const byPlatform = new Map<string, Publisher>();
  const registry: PublisherRegistry = {
    register(publisher) {
      byPlatform.set(publisher.platform, publisher);
    },
    get: (platform) => byPlatform.get(platform),
    platforms: () => [...byPlatform.keys()].sort(),
  };
  for (const p of initial) registry.register(p);
  return registry;
}
