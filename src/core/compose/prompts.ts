/**
 * Versioned prompt templates live in prompts/<version>/ (system.md, user.md). The version is recorded with every
 * answer so an answer can be reproduced and a prompt change can be evaluated (`rounds eval`) before it ships.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DEFAULT_PROMPT_VERSION = 'v1';

export interface Prompt {
  version: string;
  system: string;
  user: string;
}

const PROMPTS_DIR = fileURLToPath(new URL('../../../prompts/', import.meta.url));

export function loadPrompt(version = DEFAULT_PROMPT_VERSION, dir = PROMPTS_DIR): Prompt {
  if (!/^[a-z0-9._-]+$/i.test(version)) throw new Error(`invalid prompt version "${version}"`);
  return {
    version,
    system: readFileSync(`${dir}/${version}/system.md`, 'utf8'),
    user: readFileSync(`${dir}/${version}/user.md`, 'utf8'),
  };
}

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');
}
