/**
 * Bot Framework authentication from configuration. With MicrosoftAppId set, every inbound activity must carry a
 * JWT signed by the Bot Framework (or the Emulator) and replies get an Entra ID token; single- and multi-tenant
 * and user-assigned managed identity are all handled by botbuilder's ConfigurationBotFrameworkAuthentication.
 *
 * Without credentials botbuilder accepts unsigned activities and posts replies to whatever `serviceUrl` the
 * activity names. That is fine for the Bot Framework Emulator on a laptop, but on a reachable address anyone could
 * make Rounds post to an arbitrary URL, so it refuses unless TEAMS_ALLOW_REMOTE_UNAUTHENTICATED is set.
 */
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { Config } from '../../src/config/config.js';
import { isLoopbackHost } from '../../src/config/loopback.js';
import { ErrorCode, RoundsError } from '../../src/core/errors.js';

export { isLoopbackHost };

export type TeamsAuthMode = 'bot-framework' | 'local-unauthenticated';

/** Throws ConfigInvalid when the unauthenticated local mode would listen on a non-loopback address. */
export function assertSafeAuthMode(config: Config): TeamsAuthMode {
  if (config.teams) return 'bot-framework';
  if (isLoopbackHost(config.env.HOST) || config.env.TEAMS_ALLOW_REMOTE_UNAUTHENTICATED) return 'local-unauthenticated';
  throw new RoundsError(
    ErrorCode.ConfigInvalid,
    `Teams: MicrosoftAppId is not set, so /api/messages would accept unsigned activities, but HOST is ${config.env.HOST} (not loopback). ` +
      'Set MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId from your Azure Bot registration (see docs/teams.md), ' +
      'or set HOST=127.0.0.1 for local Emulator testing, or set TEAMS_ALLOW_REMOTE_UNAUTHENTICATED=true if a trusted proxy authenticates requests.',
  );
}

/**
 * `settings` are extra botbuilder authentication settings (ChannelService, ToBotFromChannelOpenIdMetadataUrl, …)
 * for sovereign clouds and for tests that sign tokens locally.
 */
export function createBotAuthentication(config: Config, settings: Record<string, string> = {}): ConfigurationBotFrameworkAuthentication {
  const t = config.teams;
  if (!t) return new ConfigurationBotFrameworkAuthentication({ ...settings });
  return new ConfigurationBotFrameworkAuthentication({
    ...settings,
    MicrosoftAppId: t.appId,
    MicrosoftAppType: t.appType,
    ...(t.appPassword ? { MicrosoftAppPassword: t.appPassword } : {}),
    ...(t.tenantId ? { MicrosoftAppTenantId: t.tenantId } : {}),
  });
}
