import { isCreditEventType, isDisclosureEventType, type DomainEvent, type Party } from '@gongkai/domain';
import type { TokenGrant } from '../service';
import type { DemoScenario, DemoStep, DemoTransaction } from './demo-scenario';
import { demoSubject, type DemoService } from './demo-service';
import type { AppendedAnswer, ProblemAnswer } from './gongkai-client';

export interface StepOutcome {
  step: DemoStep;
  transaction?: DemoTransaction;
  status: number;
  appended?: AppendedAnswer;
  problem?: ProblemAnswer;
  /** Whether the service answered what the demo expects (accepted, or rejected with the expected code). */
  asExpected: boolean;
}

export interface DemoRun {
  /** True when the data directory already held the whole sample: nothing was sent. */
  alreadyLoaded: boolean;
  outcomes: StepOutcome[];
  checkpoint?: { treeSize: number; rootHash: string };
}

/** One centre grant per publishing organisation, covering every region, domain and role it publishes in. */
export function publisherGrants(scenario: DemoScenario): Map<string, TokenGrant> {
  const byCode = new Map<
    string,
    { party: Party; regions: Set<string>; domains: Set<string>; roles: Set<string> }
  >();
  const steps = [
    ...scenario.credit,
    ...scenario.disclosures,
    ...scenario.transactions.flatMap((t) => t.steps),
  ];
  for (const { event } of steps) {
    const { publisher, regionCode, publisherRole } = event.metadata;
    const entry = byCode.get(publisher.creditCode) ?? {
      party: publisher,
      regions: new Set<string>(),
      domains: new Set<string>(),
      roles: new Set<string>(),
    };
    entry.regions.add(regionCode);
    entry.domains.add((event.data as { domain: string }).domain);
    entry.roles.add(publisherRole);
    byCode.set(publisher.creditCode, entry);
  }
  return new Map(
    [...byCode].map(([code, entry]) => [
      code,
      {
        role: 'centre',
        subject: demoSubject(entry.party.name),
        scope: {
          creditCode: code,
          regions: [...entry.regions],
          domains: [...entry.domains],
          roles: [...entry.roles],
        },
      } as TokenGrant,
    ]),
  );
}

function judge(step: DemoStep, status: number, body: unknown): Omit<StepOutcome, 'step' | 'transaction'> {
  if (status === 201) {
    const appended = body as AppendedAnswer;
    // The sample's dates lie in the past, so every step is also recorded late (补录, RECORDED_LATE): the step
    // is late when a statutory deadline was missed.
    const late = appended.findings.some((finding) => finding.code !== 'RECORDED_LATE');
    const asExpected = step.expect.outcome === 'accepted' && late === (step.expect.late ?? false);
    return { status, appended, asExpected };
  }
  const problem = body as ProblemAnswer;
  return {
    status,
    problem,
    asExpected: step.expect.outcome === 'rejected' && problem.code === step.expect.code,
  };
}

/** A credit decision or a disclosure outside a transaction: the batch routes it to its own stream. */
async function publishAlone(service: DemoService, token: string, step: DemoStep): Promise<StepOutcome> {
  const answer = await service.client.appendBatch(token, [step.event]);
  if (answer.status !== 200 || !('items' in answer.body))
    return { step, ...judge(step, answer.status, answer.body) };
  const [item] = answer.body.items;
  // A batch item carries `replayed` beside its result; a single append inside it.
  const body = item && 'result' in item ? { ...item.result, replayed: item.replayed } : item?.problem;
  return { step, ...judge(step, item?.status ?? 500, body) };
}

/**
 * A supervisor (监督部门) grant over every province the sample publishes in, for the web console: the demo
 * prints its token so the console shows the sample on every page.
 */
export function supervisorGrant(scenario: DemoScenario): TokenGrant {
  const regions = new Set<string>();
  for (const grant of publisherGrants(scenario).values()) {
    if (grant.role !== 'centre') continue;
    for (const region of grant.scope.regions) regions.add(`${region.slice(0, 2)}0000`);
  }
  return {
    role: 'supervisor',
    subject: demoSubject('监督部门（演示）'),
    scope: { regions: [...regions].sort() },
  } as TokenGrant;
}

/**
 * Whether a previous run stored the whole sample: the last transaction stands at its final revision. (Its
 * blacklisted award could not be re-checked then: the award that followed it is already there.)
 */
async function alreadyLoaded(service: DemoService, scenario: DemoScenario): Promise<boolean> {
  const last = scenario.transactions[scenario.transactions.length - 1];
  if (!last) return false;
  const accepted = last.steps.filter((step) => step.expect.outcome === 'accepted').length;
  const answer = await service.client.request<{ revision?: number }>(
    'GET',
    `/v1/transactions/${encodeURIComponent(last.transactionId)}`,
  );
  return answer.status === 200 && answer.body.revision === accepted - 1;
}

async function signedCheckpoint(service: DemoService): Promise<DemoRun['checkpoint']> {
  const answer = await service.client.request<{ checkpoint?: { treeSize: number; rootHash: string } }>(
    'GET',
    '/v1/integrity/checkpoint',
  );
  return answer.status === 200 ? answer.body.checkpoint : undefined;
}

/**
 * Publishes the scenario over HTTP, as transaction centres would: the credit decisions first (so the award
 * check sees the blacklist), then each transaction's stages in order. Publisher tokens live only for the run.
 */
export async function runDemo(
  service: DemoService,
  scenario: DemoScenario,
  onStep: (outcome: StepOutcome) => void = () => undefined,
): Promise<DemoRun> {
  if (await alreadyLoaded(service, scenario)) {
    return { alreadyLoaded: true, outcomes: [], checkpoint: await signedCheckpoint(service) };
  }
  const grants = publisherGrants(scenario);
  const tokens = new Map<string, { id: string; token: string }>();
  const outcomes: StepOutcome[] = [];
  try {
    for (const [code, grant] of grants) tokens.set(code, await service.tokens.issue(grant));
    const tokenFor = (event: DomainEvent) => tokens.get(event.metadata.publisher.creditCode)!.token;

    for (const step of scenario.credit) {
      if (!isCreditEventType(step.event.type))
        throw new Error(`demo data: ${step.event.type} is not a credit event`);
      const outcome = await publishAlone(service, tokenFor(step.event), step);
      outcomes.push(outcome);
      onStep(outcome);
    }
    for (const step of scenario.disclosures) {
      if (!isDisclosureEventType(step.event.type))
        throw new Error(`demo data: ${step.event.type} is not a disclosure outside a transaction`);
      const outcome = await publishAlone(service, tokenFor(step.event), step);
      outcomes.push(outcome);
      onStep(outcome);
    }
    for (const transaction of scenario.transactions) {
      for (const step of transaction.steps) {
        const answer = await service.client.appendEvent(
          tokenFor(step.event),
          transaction.transactionId,
          step.event,
        );
        const outcome: StepOutcome = { step, transaction, ...judge(step, answer.status, answer.body) };
        outcomes.push(outcome);
        onStep(outcome);
      }
    }
  } finally {
    for (const { id } of tokens.values()) await service.tokens.revoke(id);
  }
  return { alreadyLoaded: false, outcomes, checkpoint: await signedCheckpoint(service) };
}
