import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { SitrepError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import type { SlackStore } from '../../store/ports/slack-store.ts';

/** The store key of an installation: the org for org-wide installs, else the workspace. */
export function installationKey(q: { isEnterpriseInstall?: boolean | undefined; enterpriseId?: string | undefined; teamId?: string | undefined }): string | null {
  if (q.isEnterpriseInstall && q.enterpriseId) return `E:${q.enterpriseId}`;
  if (q.teamId) return `T:${q.teamId}`;
  return null;
}

/** Bolt's InstallationStore plus what the publisher needs. */
export interface SlackInstallations extends InstallationStore {
  /** Removes the installation the query names (uninstall, revoked tokens). */
  deleteInstallation(query: InstallationQuery<boolean>): Promise<void>;
  /** The bot token installed for a Slack team (or org), or null when Sitrep is not installed there. */
  botTokenFor(teamOrEnterpriseId: string): Promise<string | null>;
}

/**
 * Bolt's InstallationStore over our database: one row per workspace (or org), replaced on reinstall. The stored JSON
 * holds bot tokens, so nothing here logs installation contents.
 */
export function createInstallationStore(deps: { store: SlackStore; clock: () => Date; logger: Logger }): SlackInstallations {
  const { store, clock, logger } = deps;
  const load = async (key: string | null): Promise<Installation | null> => {
    if (!key) return null;
    const row = await store.findInstallation(key);
    return row ? (JSON.parse(row.data) as Installation) : null;
  };
  return {
    async storeInstallation(installation) {
      const isEnterpriseInstall = Boolean(installation.isEnterpriseInstall);
      const key = installationKey({
        isEnterpriseInstall,
        enterpriseId: installation.enterprise?.id,
        teamId: installation.team?.id,
      });
      if (!key) throw new SitrepError('slack.install_invalid', 'Slack returned an installation without a team or org id.');
      await store.saveInstallation({
        key,
        teamId: installation.team?.id ?? null,
        enterpriseId: installation.enterprise?.id ?? null,
        isEnterpriseInstall,
        data: JSON.stringify(installation),
        updatedAt: clock(),
      });
      // Ids only: the installation itself carries tokens.
      logger.info({ key, team: installation.team?.id, workspace: `slack:${installation.team?.id ?? installation.enterprise?.id}` }, 'slack app installed');
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const found = await load(installationKey(query));
      if (!found) {
        // Bolt expects a throw here; it turns into "authorization failed" and no listener runs.
        throw new SitrepError('slack.not_installed', `Sitrep is not installed in Slack ${query.teamId ?? query.enterpriseId ?? '(unknown)'}.`);
      }
      return found;
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      const key = installationKey(query);
      if (key) await store.deleteInstallation(key);
    },
    async botTokenFor(id) {
      const found = (await load(`T:${id}`)) ?? (await load(`E:${id}`));
      return found?.bot?.token ?? null;
    },
  };
}
