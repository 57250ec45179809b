import { generateTokenSecret, type TokenStore } from './token-store';

/**
 * Makes sure an admin can log in: the configured GONGKAI_ADMIN_TOKEN is registered (by hash), or, on a first
 * start without one, a token is generated and returned so the caller prints it once.
 */
export function ensureAdminToken(tokens: TokenStore, configured: string | undefined): string | undefined {
  if (configured) {
    tokens.ensureAdmin(configured);
    return undefined;
  }
  if (tokens.hasAdmin()) return undefined;
  const secret = generateTokenSecret();
  // Printed once to the operator who started the service: like GONGKAI_ADMIN_TOKEN, it does not expire.
  tokens.create({ role: 'admin', subject: 'admin (generated at first start)', scope: {} }, secret, null);
  return secret;
}
