import {
  creditBlacklistEntries,
  decide,
  decideCredit,
  decideDisclosure,
  initialDisclosureState,
  evolve,
  initialCreditState,
  initialTransactionState,
  isValidCreditCode,
  replayCredit,
  type TransactionState,
} from '@gongkai/domain';
import { DEMO_SCENARIO } from './demo-scenario';
import { DEMO_PARTIES } from './sample-parties';
import { demoEventId, shiftInstant } from './stage-builder';

/** The demo sample against the domain alone: every step gets the answer the demo promises. */
describe('demo scenario', () => {
  it('uses valid credit codes only', () => {
    for (const party of Object.values(DEMO_PARTIES)) expect(isValidCreditCode(party.creditCode)).toBe(true);
  });

  it('covers at least three domains and the four cities', () => {
    const domains = new Set(DEMO_SCENARIO.transactions.map((t) => t.domain));
    expect([...domains]).toEqual(expect.arrayContaining(['engineering', 'procurement', 'land']));
    expect(new Set(DEMO_SCENARIO.transactions.map((t) => t.city))).toEqual(
      new Set(['南通', '苏州', '晋江', '天津']),
    );
  });

  it('is accepted by the decider step by step, with exactly the late finding and the blacklist rejection expected', () => {
    for (const step of DEMO_SCENARIO.credit) {
      expect(decideCredit({ type: 'PublishDisclosure', event: step.event }, initialCreditState()).ok).toBe(
        true,
      );
    }
    const blacklist = creditBlacklistEntries(replayCredit(DEMO_SCENARIO.credit.map((step) => step.event)));
    const answers: string[] = [];
    for (const transaction of DEMO_SCENARIO.transactions) {
      let state: TransactionState = initialTransactionState();
      for (const step of transaction.steps) {
        const decision = decide({ type: 'PublishDisclosure', event: step.event }, state, { blacklist });
        if (decision.ok) {
          for (const event of decision.events) state = evolve(state, event);
          expect(step.expect).toEqual({
            outcome: 'accepted',
            ...(decision.findings.length > 0 ? { late: true } : {}),
          });
          answers.push(...decision.findings.map((f) => `${transaction.transactionId} ${f.code} ${f.ruleId}`));
        } else {
          expect(step.expect).toEqual({ outcome: 'rejected', code: decision.rejection.code });
          answers.push(`${transaction.transactionId} ${decision.rejection.code}`);
        }
      }
      expect(state.status).toBe('contracted');
    }
    expect(answers).toEqual([
      '1201162026E000058001 LATE_DISCLOSURE engineering.candidates.publish-within-3d',
      '3205062026A000215001 BLACKLISTED_PARTY',
    ]);
  });

  it('publishes disclosures outside a transaction, one late under Jinjiang’s 5 working days', () => {
    const answers = DEMO_SCENARIO.disclosures.map((step) => {
      const decision = decideDisclosure(
        { type: 'PublishDisclosure', event: step.event },
        initialDisclosureState(),
      );
      if (!decision.ok) throw new Error(decision.rejection.message);
      expect(step.expect).toEqual({
        outcome: 'accepted',
        ...(decision.findings.length > 0 ? { late: true } : {}),
      });
      return decision.findings.map((f) => f.ruleId);
    });
    expect(answers).toEqual([[], [], ['jinjiang.disclosure.transfer_decision.publish-within-5wd']]);
  });

  it('gives every event a stable, distinct UUID', () => {
    const ids = [
      ...DEMO_SCENARIO.credit,
      ...DEMO_SCENARIO.disclosures,
      ...DEMO_SCENARIO.transactions.flatMap((t) => t.steps),
    ].map((s) => s.event.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(demoEventId('x')).toBe(demoEventId('x'));
  });

  it('shifts instants by whole days in China Standard Time', () => {
    expect(shiftInstant('2026-03-26T17:00:00+08:00', 9)).toBe('2026-04-04T17:00:00+08:00');
    expect(shiftInstant('2026-03-30T16:00:00.000Z', 1)).toBe('2026-04-01T00:00:00+08:00');
  });
});
