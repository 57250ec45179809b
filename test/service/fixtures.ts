import { randomUUID } from 'node:crypto';
import {
  EXAMPLE_PARTIES,
  LIFECYCLE_ORDER,
  TRANSACTION_ID_FIELD,
  exampleEvent,
  type CatalogueDomain,
  type DomainEvent,
  type EventType,
} from '@gongkai/domain';
import { ADMIN_TOKEN, type RunningService } from './harness';

/** The publisher of every domain example: 南通市住房和城乡建设局, region 320602. */
export const PUBLISHER = EXAMPLE_PARTIES.authority.creditCode;

export const NANTONG_CENTRE = {
  role: 'centre',
  subject: '南通市公共资源交易中心',
  scope: {
    creditCode: PUBLISHER,
    regions: ['320600'],
    domains: ['engineering', 'procurement', 'land', 'housing'],
    roles: ['implementer', 'producer', 'approver'],
  },
} as const;

/** 苏州 organisation in another region: it holds a valid centre token, but not for Nantong's transactions. */
export const SUZHOU = {
  name: EXAMPLE_PARTIES.runnerUp.name,
  creditCode: EXAMPLE_PARTIES.runnerUp.creditCode,
};
export const SUZHOU_CENTRE = {
  role: 'centre',
  subject: SUZHOU.name,
  scope: {
    creditCode: SUZHOU.creditCode,
    regions: ['320500'],
    domains: ['engineering', 'procurement', 'land', 'housing'],
    roles: ['implementer', 'producer', 'approver', 'trading_centre'],
  },
} as const;

export async function createToken(service: RunningService, grant: unknown): Promise<string> {
  const answer = await service.call('POST', '/v1/tokens', { token: ADMIN_TOKEN, body: grant });
  if (answer.status !== 201) throw new Error(`token creation failed: ${answer.status} ${answer.text}`);
  return answer.body.token as string;
}

/**
 * A domain example with a fresh event id, published by the Nantong centre's organisation (in the example's
 * role), optionally moved to another transaction id.
 */
export function event(
  type: EventType,
  domain: CatalogueDomain = 'engineering',
  transactionId?: string,
): DomainEvent {
  const example = exampleEvent(type, domain);
  const data = example.data as Record<string, unknown>;
  if (transactionId) data[TRANSACTION_ID_FIELD[domain]] = transactionId;
  return {
    ...example,
    id: randomUUID(),
    metadata: { ...example.metadata, publisher: EXAMPLE_PARTIES.authority },
  };
}

export function transactionIdOfExample(domain: CatalogueDomain): string {
  return (exampleEvent('AnnouncementPublished', domain).data as unknown as Record<string, string>)[
    TRANSACTION_ID_FIELD[domain]
  ]!;
}

/** A whole accepted lifecycle of a domain, in order. */
export function lifecycle(domain: CatalogueDomain, transactionId?: string): DomainEvent[] {
  return LIFECYCLE_ORDER.map((type) => event(type, domain, transactionId));
}

export function eventsPath(transactionId: string): string {
  return `/v1/transactions/${encodeURIComponent(transactionId)}/events`;
}
