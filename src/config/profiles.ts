/**
 * Which document sets a channel may see, and who reviews there. Unlisted channels get the default profile
 * (the general collection only): a new channel must never see, say, the oncology pharmacy set by accident.
 */
import type { ChannelProfile, EscalationTargets } from '../core/ports.js';
import type { Question } from '../core/types.js';
import type { FileConfig, ProfileConfig } from './config.js';

/** '*' in collections means every collection (the built-in "all" profile, used by the CLI and eval). */
export const ALL_COLLECTIONS = '*';

const BUILT_IN: Record<string, ChannelProfile> = {
  general: { name: 'general', collections: ['general'], followUps: true, feedbackButtons: true },
  all: { name: 'all', collections: [ALL_COLLECTIONS], followUps: true, feedbackButtons: true },
};

/** The label shown in abstentions and the targets an "Ask a person" press notifies. */
function escalationOf(e: ProfileConfig['escalation']): Pick<ChannelProfile, 'escalation' | 'escalateTo'> {
  if (e === undefined) return {};
  const escalateTo: EscalationTargets = {
    ...(e.slack
      ? {
          slack: {
            people: e.slack.people,
            ...(e.slack.channel ? { channel: e.slack.channel } : {}),
            ...(e.slack.group ? { group: e.slack.group } : {}),
          },
        }
      : {}),
    ...(e.teams ? { teams: { channel: e.teams.channel, people: e.teams.people } } : {}),
  };
  return { ...(e.label ? { escalation: e.label } : {}), ...(escalateTo.slack || escalateTo.teams ? { escalateTo } : {}) };
}

export function profileNames(file: FileConfig): string[] {
  return [...new Set([...Object.keys(BUILT_IN), ...Object.keys(file.profiles)])];
}

export function getProfile(file: FileConfig, name: string): ChannelProfile | undefined {
  const p = file.profiles[name];
  if (p) {
    return {
      name,
      collections: p.collections,
      followUps: p.followUps,
      feedbackButtons: p.feedbackButtons,
      ...escalationOf(p.escalation),
    };
  }
  return BUILT_IN[name];
}

/**
 * Resolves a platform channel to its profile. For the CLI, web and eval, `channelId` is a profile name and an
 * unknown one returns undefined (the caller refuses with the list of profiles). For Slack and Teams an unlisted
 * channel gets the default profile.
 */
export function resolveProfile(
  file: FileConfig,
  platform: Question['platform'],
  channelId: string | undefined,
): ChannelProfile | undefined {
  if (platform === 'slack' || platform === 'teams') {
    if (channelId) {
      for (const [name, p] of Object.entries(file.profiles)) {
        if (p[platform].includes(channelId)) return getProfile(file, name);
      }
    }
    return getProfile(file, file.defaultProfile);
  }
  return getProfile(file, channelId ?? file.cliProfile);
}

/** Reviewers: per workspace (Slack team / Teams tenant), per profile, or the web list. */
export function isReviewer(
  file: FileConfig,
  rater: { platform: Question['platform']; workspaceId?: string; channelId?: string; raterId: string },
): boolean {
  const { platform, workspaceId, channelId, raterId } = rater;
  if (platform === 'slack' || platform === 'teams') {
    const byWorkspace = file.reviewers[platform];
    if (workspaceId && byWorkspace[workspaceId]?.includes(raterId)) return true;
    if (byWorkspace['*']?.includes(raterId)) return true;
  } else if (file.reviewers.web.includes(raterId)) {
    return true;
  }
  if (channelId) {
    for (const p of Object.values(file.profiles)) {
      const inChannel = platform === 'slack' || platform === 'teams' ? p[platform].includes(channelId) : false;
      if (inChannel && p.reviewers.includes(raterId)) return true;
    }
  }
  return false;
}
