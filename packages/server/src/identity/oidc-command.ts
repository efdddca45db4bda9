/**
 * The eID login from `evident-server`'s flags, environment and configuration file
 * (oidc-settings.ts): a relying party with an in-memory login store, or undefined when no
 * issuer is set.
 * @module
 */
import { readFileSync } from 'node:fs';
import { memoryLoginStore } from './login-store.js';
import { relyingParty, type RelyingParty } from './oidc-relying-party.js';
import { resolveOidcSettings } from './oidc-settings.js';

/**
 * @param flags - commander's options (`oidcIssuer`, …)
 * @param configFile - the configuration file, whose `oidc` object is read
 * @throws {Error} naming the setting or the file at fault
 */
export function oidcLoginOf(
  flags: Record<string, unknown>,
  configFile: string | undefined,
): RelyingParty | undefined {
  let file: unknown;
  if (configFile !== undefined) {
    try {
      file = (JSON.parse(readFileSync(configFile, 'utf8')) as { oidc?: unknown }).oidc;
    } catch (e) {
      throw new Error(`${configFile}: ${(e as Error).message}`);
    }
  }
  const str = (k: string) => (typeof flags[k] === 'string' ? (flags[k] as string) : undefined);
  const settings = resolveOidcSettings(
    {
      oidcIssuer: str('oidcIssuer'),
      oidcClientId: str('oidcClientId'),
      oidcRedirectUri: str('oidcRedirectUri'),
      oidcPrivateKey: str('oidcPrivateKey'),
      oidcScopes: str('oidcScopes'),
      oidcClaim: str('oidcClaim'),
      oidcSessionMinutes: str('oidcSessionMinutes'),
    },
    file,
  );
  return settings ? relyingParty(settings, memoryLoginStore()) : undefined;
}
