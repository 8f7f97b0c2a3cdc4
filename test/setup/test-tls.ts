/**
 * Vitest global setup: a throwaway certificate for local HTTPS fakes (Microsoft Graph and Entra ID's token
 * endpoint, test/fakes/fake-graph.ts). Microsoft's clients refuse plain http for an authority or a Graph host,
 * so the fakes speak TLS; NODE_EXTRA_CA_CERTS, set here before the test workers start, makes every worker (and
 * every `rounds` process a test spawns with its environment) trust this certificate and nothing else new.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PEM files of the fakes' certificate (CN localhost, SAN 127.0.0.1) and key; '' when openssl failed. */
    tlsCert: string;
    tlsKey: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'rounds-test-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-addext',
        'basicConstraints=critical,CA:TRUE',
      ],
      { stdio: 'ignore' },
    );
    process.env.NODE_EXTRA_CA_CERTS = cert;
    project.provide('tlsCert', cert);
    project.provide('tlsKey', key);
  } catch {
    project.provide('tlsCert', '');
    project.provide('tlsKey', '');
  }
  return () => rmSync(dir, { recursive: true, force: true });
}
