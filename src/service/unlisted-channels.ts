/**
 * A Slack or Teams channel that no profile lists gets `defaultProfile` (the general set only in the shipped
 * config). That is the safe choice, but silent it reads as "Rounds does not know the vancomycin protocol" when the
 * pharmacy set is simply not searched there: the first question from such a channel logs which profile it got,
 * which document sets that means, and how to list the channel.
 */
import type { FileConfig } from '../config/config.js';
import { getProfile } from '../config/profiles.js';
import type { Question } from '../core/types.js';
import type { Logger } from '../logger.js';

/** Channels remembered per process; past this many, the oldest are forgotten (and would be logged again). */
const MAX_REMEMBERED = 10_000;

export function isListedChannel(file: FileConfig, platform: Question['platform'], channelId: string | undefined): boolean {
  if (platform !== 'slack' && platform !== 'teams') return true;
  if (!channelId) return false;
  return Object.values(file.profiles).some((p) => p[platform].includes(channelId));
}

export class UnlistedChannelNotice {
  private readonly seen = new Set<string>();

  constructor(
    private readonly file: FileConfig,
    private readonly logger: Logger,
  ) {}

  /** Logs once per channel that it is not in the config, and what it gets instead. Returns whether it was unlisted. */
  note(platform: Question['platform'], channelId: string | undefined): boolean {
    if (isListedChannel(this.file, platform, channelId)) return false;
    const key = `${platform}:${channelId ?? ''}`;
    if (this.seen.has(key)) return true;
    if (this.seen.size >= MAX_REMEMBERED) this.seen.delete(this.seen.values().next().value as string);
    this.seen.add(key);
    const name = this.file.defaultProfile;
    const collections = getProfile(this.file, name)?.collections ?? [];
    this.logger.warn(
      { platform, channelId: channelId ?? null, profile: name, collections },
      `channel not listed in the config: it gets the default profile "${name}" (document sets: ${collections.join(', ')}); ` +
        `to widen it, add the channel id under profiles.<name>.${platform} in rounds.config.yaml`,
    );
    return true;
  }
}
