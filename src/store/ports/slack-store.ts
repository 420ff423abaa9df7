/** A stored Slack app installation (multi-workspace OAuth). */
export interface SlackInstallationRecord {
  /** `T:<team_id>` for a workspace install, `E:<enterprise_id>` for an org-wide install. */
  key: string;
  /** Team id, when the install is for one workspace. */
  teamId: string | null;
  /** Enterprise id, when there is one. */
  enterpriseId: string | null;
  /** Installed on a whole Enterprise Grid org. */
  isEnterpriseInstall: boolean;
  /** The installation exactly as Slack's SDK produced it, as JSON. Holds tokens: never log it. */
  data: string;
  /** When it was stored (a reinstall replaces it). */
  updatedAt: Date;
}

/**
 * What the Slack adapter keeps in the database: app installations (one per workspace) and a ledger of handled event
 * ids, so an event Slack delivers again (retries) is answered once.
 */
export interface SlackStore {
  /** Saves or replaces an installation. */
  saveInstallation(record: SlackInstallationRecord): Promise<void>;
  /** The installation with this key, or null. */
  findInstallation(key: string): Promise<SlackInstallationRecord | null>;
  /** Removes an installation; true when one was removed. */
  deleteInstallation(key: string): Promise<boolean>;
  /**
   * Records an event id; true only for the first caller (the one that must handle the event), false when it was
   * already recorded. Atomic, so two deliveries racing each other cannot both win.
   */
  claimEvent(eventId: string, teamId: string | null, at: Date): Promise<boolean>;
  /** Forgets event ids recorded before `before` (Slack stops retrying after minutes); returns how many. */
  pruneEvents(before: Date): Promise<number>;
}
