/**
 * App-only sign-in with Microsoft Entra ID, the ecosystem's way: `@azure/identity`'s ClientCertificateCredential
 * (preferred: nothing to leak in a config file, and it can live in a key store) or ClientSecretCredential. The
 * authority host is always passed, so the library never falls back to reading AZURE_AUTHORITY_HOST itself, and
 * instance discovery is off for a host that is not Microsoft's public cloud (a national cloud, the tests).
 */
import { ClientCertificateCredential, ClientSecretCredential, type TokenCredential } from '@azure/identity';
import type { SharePointConfig } from '../../config/config.js';

export type TokenSource = TokenCredential;

const PUBLIC_CLOUD = 'https://login.microsoftonline.com';

export function createCredential(config: SharePointConfig): TokenSource {
  const { auth } = config;
  const options = {
    authorityHost: config.authorityHost,
    ...(config.authorityHost.replace(/\/+$/, '') === PUBLIC_CLOUD ? {} : { disableInstanceDiscovery: true }),
  };
  if (auth.kind === 'certificate') {
    return new ClientCertificateCredential(
      auth.tenantId,
      auth.clientId,
      {
        certificatePath: auth.certificatePath,
        ...(auth.certificatePassword ? { certificatePassword: auth.certificatePassword } : {}),
      },
      options,
    );
  }
  return new ClientSecretCredential(auth.tenantId, auth.clientId, auth.secret, options);
}
