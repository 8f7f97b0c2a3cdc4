/** A JSON object with a `type` (a Block Kit block or element, an Adaptive Card element or action). */
export type Node = Record<string, unknown>;

/** Every object with a `type` anywhere in a Slack message's blocks or a Teams card, depth first. */
export function typedNodes(value: unknown, out: Node[] = []): Node[] {
  if (Array.isArray(value)) for (const v of value) typedNodes(v, out);
  else if (value && typeof value === 'object') {
    if (typeof (value as Node).type === 'string') out.push(value as Node);
    for (const v of Object.values(value)) typedNodes(v, out);
  }
  return out;
}
