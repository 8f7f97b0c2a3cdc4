/** Headless Debian Chromium through playwright-core, with the flags that keep it offline and quiet. */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const chromiumMissing = !existsSync(CHROMIUM);

export function launchChromium(): Promise<Browser> {
  if (chromiumMissing) {
    // The browser tests are part of the suite: say what to install rather than fail obscurely.
    throw new Error(`Chromium not found at ${CHROMIUM}: run \`apt-get install -y chromium\` (.ci/run does) to run the browser tests.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
