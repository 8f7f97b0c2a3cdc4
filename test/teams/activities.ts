/** Small factories for the activities Teams sends (shapes as captured from Teams, ids made up). */
let counter = 0;
const nextId = () => `1700000000${String(++counter).padStart(3, '0')}`;

export const BOT = { id: '28:bot-app-id', name: 'Rounds' };
export const USER = { id: '29:user-1', name: 'Dr Ada', aadObjectId: 'aad-user-1' };
export const TENANT = 'tenant-1';
export const CHANNEL = '19:general-channel@thread.tacv2';

export function channelMention(serviceUrl: string, text: string, over: Record<string, unknown> = {}) {
  const id = nextId();
  return {
    type: 'message',
    id,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: USER,
    recipient: BOT,
    conversation: { id: `${CHANNEL};messageid=${id}`, conversationType: 'channel', isGroup: true, tenantId: TENANT },
    text: `<at>Rounds</at> ${text}`,
    textFormat: 'plain',
    entities: [
      { type: 'mention', text: '<at>Rounds</at>', mentioned: BOT },
      { type: 'clientInfo', locale: 'en-GB', country: 'GB', platform: 'Web' },
    ],
    channelData: {
      teamsChannelId: CHANNEL,
      teamsTeamId: '19:team@thread.tacv2',
      channel: { id: CHANNEL },
      team: { id: '19:team@thread.tacv2' },
      tenant: { id: TENANT },
    },
    ...over,
  };
}

export function personalMessage(serviceUrl: string, text: string, over: Record<string, unknown> = {}) {
  return {
    type: 'message',
    id: nextId(),
    channelId: 'msteams',
    serviceUrl,
    from: USER,
    recipient: BOT,
    conversation: { id: 'a:1personal-chat', conversationType: 'personal', tenantId: TENANT },
    text,
    textFormat: 'plain',
    channelData: { tenant: { id: TENANT } },
    ...over,
  };
}

export function feedbackInvoke(serviceUrl: string, replyToId: string, reaction: string, feedbackText?: string) {
  return {
    type: 'invoke',
    name: 'message/submitAction',
    id: nextId(),
    channelId: 'msteams',
    serviceUrl,
    from: USER,
    recipient: BOT,
    conversation: { id: 'a:1personal-chat', conversationType: 'personal', tenantId: TENANT },
    replyToId,
    value: {
      actionName: 'feedback',
      actionValue: { reaction, ...(feedbackText !== undefined ? { feedback: JSON.stringify({ feedbackText }) } : {}) },
    },
    channelData: { tenant: { id: TENANT } },
  };
}

export function cardSubmit(serviceUrl: string, replyToId: string, data: Record<string, unknown>) {
  return { ...personalMessage(serviceUrl, ''), text: undefined, replyToId, value: data };
}
