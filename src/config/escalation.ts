/**
 * The `escalation` of a channel profile in rounds.config.yaml: whom to ask (shown in abstentions) and who is
 * notified by "Ask a person", per platform. Every mistake gets a message that says where to find the right value.
 */
import { z } from 'zod';

const slackId = (prefix: RegExp, what: string, where: string) =>
  z.string().regex(prefix, { message: `must be a Slack ${what} (${where})` });

/**
 * "Ask a person": who is told, per platform. The old one-line form (`escalation: the on-call pharmacist`) is read
 * as `{ label }`: it only names whom to ask in abstentions. One object schema (not a union) so every mistake gets
 * its own message instead of zod's "Invalid input".
 */
export const escalationSchema = z.preprocess(
  (v) => (typeof v === 'string' ? { label: v } : v),
  z.strictObject(
    {
      /** Shown in abstentions and apologies: "Ask the on-call pharmacist (bleep 2210)". */
      label: z.string().min(1, { message: 'name whom to ask, e.g. "the on-call pharmacist (bleep 2210)"' }).optional(),
      slack: z
        .strictObject(
          {
            channel: slackId(
              /^[CG][A-Z0-9]{2,}$/,
              'channel id like C0123ABCD',
              'channel → View channel details → copy the ID at the bottom',
            ).optional(),
            people: z.array(slackId(/^[UW][A-Z0-9]{2,}$/, 'member id like U0123ABCD', 'profile → ⋯ → Copy member ID')).default([]),
            group: slackId(/^S[A-Z0-9]{2,}$/, 'user group id like S0123ABCD', 'People → User groups → the group → copy its ID').optional(),
          },
          {
            error: (iss) =>
              iss.code === 'unrecognized_keys' ? `unknown key ${iss.keys.join(', ')}: use channel, people and/or group` : undefined,
          },
        )
        .refine((s) => Boolean(s.channel || s.people.length || s.group), {
          message: 'name at least one of channel, people or group to notify on Slack',
        })
        .optional(),
      teams: z
        .strictObject(
          {
            channel: z.string().regex(/^19:.+@thread\.(tacv2|skype)$/, {
              message:
                'must be a Teams channel conversation id like "19:abc…@thread.tacv2" (Teams → channel → ⋯ → Get link to channel: the part after /channel/, URL-decoded); Rounds must be installed in that team',
            }),
            people: z.array(z.string().min(1)).default([]),
          },
          { error: (iss) => (iss.code === 'unrecognized_keys' ? `unknown key ${iss.keys.join(', ')}: use channel and people` : undefined) },
        )
        .optional(),
    },
    {
      error: (iss) =>
        iss.code === 'unrecognized_keys'
          ? `unknown key ${iss.keys.join(', ')}: use label, slack and/or teams (see docs/slack.md and docs/teams.md, "Escalation")`
          : iss.code === 'invalid_type'
            ? 'must be a line of text naming whom to ask, or { label, slack, teams }'
            : undefined,
    },
  ),
);
