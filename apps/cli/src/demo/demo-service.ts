import pino from 'pino';
import { randomUUID } from 'node:crypto';
import { createApp, type ServiceConfig, type TokenGrant } from '../service';
import { GongkaiClient } from './gongkai-client';

/** Issues the short-lived publisher tokens the demo publishes with, and revokes them afterwards. */
export interface TokenIssuer {
  issue(grant: TokenGrant): Promise<{ id: string; token: string }>;
  revoke(id: string): Promise<void>;
}

/** A running service the demo talks HTTP to. */
export interface DemoService {
  url: string;
  client: GongkaiClient;
  tokens: TokenIssuer;
  /** Where its data lives, when the demo started it. */
  dataDir?: string;
  /**
   * Set when the demo's start was the data directory's first: the admin token the service generated. Only its
   * hash is stored, so it must be shown now (as `npm start` would have).
   */
  generatedAdminToken?: string;
  close(): Promise<void>;
}

/**
 * Starts the service in this process (the same `createApp` as `npm start`) on a free port of 127.0.0.1, over
 * the configured data directory. Tokens are issued through its token store directly: the demo has no admin
 * token to present, and the store is the same one `POST /v1/tokens` writes to.
 */
export async function startServiceInProcess(config: ServiceConfig): Promise<DemoService> {
  const logger = pino({ level: 'warn', name: 'gongkai' }, pino.destination(2));
  const service = await createApp({ ...config, host: '127.0.0.1' }, { logger });
  try {
    const url = await service.listen(0);
    const store = service.infrastructure.tokens;
    return {
      url,
      client: new GongkaiClient(url),
      dataDir: config.dataDir,
      generatedAdminToken: service.generatedAdminToken,
      tokens: {
        issue: async (grant) => {
          const { token, record } = store.create(grant);
          return { id: record.id, token };
        },
        revoke: async (id) => {
          store.revoke(id);
        },
      },
      close: () => service.close(),
    };
  } catch (error) {
    await service.close();
    throw error;
  }
}

/** A service already running elsewhere; publisher tokens are created and revoked with an admin token. */
export function connectToService(url: string, adminToken: string): DemoService {
  const client = new GongkaiClient(url.replace(/\/+$/, ''));
  return {
    url: client.baseUrl,
    client,
    tokens: {
      issue: async (grant) => {
        const answer = await client.request<{ id: string; token: string; detail?: string }>(
          'POST',
          '/v1/tokens',
          {
            token: adminToken,
            body: grant,
          },
        );
        if (answer.status !== 201) {
          throw new Error(
            `POST /v1/tokens answered ${answer.status}: ${answer.body?.detail ?? 'no detail'} (is the admin token right?)`,
          );
        }
        return { id: answer.body.id, token: answer.body.token };
      },
      revoke: async (id) => {
        await client.request('DELETE', `/v1/tokens/${encodeURIComponent(id)}`, { token: adminToken });
      },
    },
    close: async () => undefined,
  };
}

/** A subject that says where a token came from, unique per run. */
export function demoSubject(name: string): string {
  return `demo: ${name} (${randomUUID().slice(0, 8)})`;
}
