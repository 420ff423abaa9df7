/**
 * A named lock that at most one process holds at a time, for work only one instance may do (the Discord gateway).
 * The holder keeps it until it releases it or its process (its database session) dies; another process then gets it
 * on its next try.
 */
export interface LeaderLock {
  /** Takes the lock `name` if no one holds it; true when this process holds it now (also when it already did). */
  tryAcquire(name: string): Promise<boolean>;
  /** Gives the lock up (nothing happens when this process does not hold it). */
  release(name: string): Promise<void>;
  /**
   * Whether this process still holds `name`, checked against the engine: false once the session that took it has
   * gone (a dropped connection, a terminated backend), even though nobody called release.
   */
  holds(name: string): Promise<boolean>;
}
