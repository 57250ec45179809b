import { isCreditEventType, isDisclosureEventType } from '@gongkai/domain';
import type { DemoScenario } from './demo-scenario';
import type { DemoRun, StepOutcome } from './run-demo';

const DOMAIN_ZH: Record<string, string> = {
  engineering: '工程建设',
  procurement: '政府采购',
  land: '土地出让',
};

function findingLine(finding: Record<string, unknown>): string {
  const parts = [`${String(finding.code)} ${String(finding.ruleId)}`];
  if (finding.due && finding.actual)
    parts.push(`due ${String(finding.due)}, published ${String(finding.actual)}`);
  if (finding.sourceText) parts.push(String(finding.sourceText));
  return parts.join('; ');
}

function outcomeLine(outcome: StepOutcome): string {
  const mark = outcome.asExpected ? ' ' : '!';
  if (outcome.appended) {
    const replay = outcome.appended.replayed ? ' (already there)' : '';
    return `${mark}   ${outcome.step.label}: accepted, revision ${outcome.appended.revision}${replay}`;
  }
  const problem = outcome.problem;
  return `${mark}   ${outcome.step.label}: rejected ${outcome.status} ${problem?.code ?? problem?.type ?? ''}: ${problem?.detail ?? ''}`;
}

/** The readable summary the demo ends with: what was loaded, what to notice, and where to look next. */
export function demoReport(
  scenario: DemoScenario,
  run: DemoRun,
  where: { url?: string; dataDir?: string },
  supervisor?: { token: string; regions: readonly string[] },
): string {
  const lines: string[] = [];
  if (run.alreadyLoaded) {
    lines.push(
      'The sample is already loaded in this data directory (from an earlier `gongkai demo`); nothing was sent.',
    );
  }
  const credit = run.outcomes.filter((o) => !o.transaction && isCreditEventType(o.step.event.type));
  for (const outcome of credit) {
    const data = outcome.step.event.data as {
      subject: { name: string; creditCode: string };
      decisionNumber: string;
      decidedOn: string;
    };
    lines.push(
      `信用 ${data.subject.name} (${data.subject.creditCode}) ${outcome.step.label} ${data.decisionNumber}, ${data.decidedOn}`,
    );
    lines.push(outcomeLine(outcome));
  }
  for (const outcome of run.outcomes.filter((o) => isDisclosureEventType(o.step.event.type))) {
    const data = outcome.step.event.data as { disclosureId: string; title: string };
    lines.push(`公开 ${outcome.step.label} ${data.disclosureId}  ${data.title}`);
    lines.push(outcomeLine(outcome));
    for (const finding of outcome.appended?.findings ?? [])
      if (finding.code !== 'RECORDED_LATE') lines.push(`      finding: ${findingLine(finding)}`);
  }
  for (const transaction of run.alreadyLoaded ? [] : scenario.transactions) {
    const outcomes = run.outcomes.filter((o) => o.transaction === transaction);
    const accepted = outcomes.filter((o) => o.appended).length;
    lines.push('');
    lines.push(
      `${transaction.city} ${DOMAIN_ZH[transaction.domain] ?? transaction.domain} ${transaction.transactionId}  ${transaction.title}  (${accepted} events)`,
    );
    for (const outcome of outcomes) {
      lines.push(outcomeLine(outcome));
      // RECORDED_LATE (补录) is on every step of a sample dated in the past: only statutory findings are shown.
      for (const finding of outcome.appended?.findings ?? [])
        if (finding.code !== 'RECORDED_LATE') lines.push(`      finding: ${findingLine(finding)}`);
    }
  }
  const surprises = run.outcomes.filter((o) => !o.asExpected).length;
  const late = run.outcomes.filter(
    (o) => o.appended && o.step.expect.outcome === 'accepted' && o.step.expect.late,
  ).length;
  lines.push('');
  if (!run.alreadyLoaded)
    lines.push(
      surprises === 0
        ? `All ${run.outcomes.length} steps answered as expected: ${run.outcomes.filter((o) => o.appended).length} events stored, ${late} late disclosure${late === 1 ? '' : 's'} kept with ${late === 1 ? 'its finding' : 'their findings'}, 1 award to a blacklisted bidder refused.`
        : `${surprises} step(s) (marked !) did not answer as the demo expects.`,
    );
  if (run.checkpoint)
    lines.push(
      `Signed checkpoint: ${run.checkpoint.treeSize} events, Merkle root ${run.checkpoint.rootHash}`,
    );

  const base = where.url ?? 'http://localhost:3000';
  const [first] = scenario.transactions;
  const lateTransaction = scenario.transactions.find((t) =>
    t.steps.some((s) => s.expect.outcome === 'accepted' && s.expect.late),
  );
  const dataDirFlag = where.dataDir ? ` --data-dir ${where.dataDir}` : '';
  lines.push('', 'Where to look next:');
  if (supervisor) {
    lines.push(
      `  ${base}/console   # the supervisors' console (监管控制台); log in with the supervisor token:`,
    );
    lines.push(`    ${supervisor.token}   (supervisor of ${supervisor.regions.join(', ')})`);
  }
  if (!where.url)
    lines.push(
      `  npm start                # serve this data (GONGKAI_DATA_DIR=${where.dataDir ?? './data'}) on ${base}`,
    );
  if (first) {
    lines.push(`  curl -s ${base}/v1/transactions/${first.transactionId}`);
    lines.push(`  curl -s ${base}/v1/transactions/${first.transactionId}/events`);
    lines.push(`  curl -s ${base}/v1/transactions/${first.transactionId}/verify`);
  }
  if (lateTransaction)
    lines.push(
      `  curl -s ${base}/v1/transactions/${lateTransaction.transactionId}/events      # the late disclosure and its finding`,
    );
  lines.push(`  curl -s '${base}/v1/transactions?region=320500'`);
  if (scenario.disclosures.length > 0)
    lines.push(
      `  curl -s '${base}/v1/disclosures'      # supply plans, approvals, decisions: outside a transaction`,
    );
  lines.push(`  curl -s '${base}/v1/calendar/deadline?from=2026-02-12&workingDays=5'`);
  lines.push(`  curl -s ${base}/v1/integrity/checkpoint`);
  lines.push(`  open ${base}/docs         # the API, with an example for every event type`);
  if (first) lines.push(`  npm run gongkai --${dataDirFlag} replay ${first.transactionId}`);
  lines.push(`  npm run gongkai --${dataDirFlag} verify --checkpoint`);
  return `${lines.join('\n')}\n`;
}
