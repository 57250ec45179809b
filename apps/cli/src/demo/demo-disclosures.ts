import { exampleDisclosure, type DomainEvent } from '@gongkai/domain';
import { DEMO_PARTIES as P } from './sample-parties';
import { demoEventId } from './stage-builder';

/**
 * Disclosures outside a transaction (docs/disclosures.md): Jinjiang's land supply plan, under which the demo's
 * parcel is offered; Nantong's approval of the engineering project the demo tenders; and a transfer decision
 * Jinjiang published after its list's 5 working days (accepted, with a finding).
 */
function disclosure(
  name: string,
  publisher: DomainEvent['metadata']['publisher'],
  publisherRole: DomainEvent['metadata']['publisherRole'],
  regionCode: string,
  times: { occurredAt: string; publishedAt: string },
  data: Record<string, unknown>,
): DomainEvent {
  return {
    id: demoEventId(`disclosure/${name}`),
    type: 'DisclosurePublished',
    schemaVersion: 1,
    data,
    metadata: {
      publisher,
      publisherRole,
      regionCode,
      sourceSystem: '政府信息公开平台（演示）',
      ...times,
    },
  } as DomainEvent;
}

const landPlan = disclosure(
  'jinjiang-land-supply-plan-2026',
  P.jinjiangLandBureau,
  'producer',
  '350582',
  { occurredAt: '2026-01-15T10:00:00+08:00', publishedAt: '2026-01-20T09:00:00+08:00' },
  {
    kind: 'land_supply_plan',
    domain: 'land',
    disclosureId: 'JJ-LSP-2026',
    title: '晋江市2026年度国有建设用地供应计划',
    documentNumber: '晋政文〔2026〕8号',
    year: 2026,
    decidedOn: '2026-01-15',
    plannedAreaHectares: '386.4',
    uses: [
      { use: '住宅用地', areaHectares: '120' },
      { use: '工矿仓储用地', areaHectares: '201.4' },
      { use: '商服用地', areaHectares: '65' },
    ],
    transactionIds: ['JJ2026P07'],
  },
);

/** The domain's example approval (南通市行政审批局, naming the engineering transaction), published in February. */
const approval: DomainEvent = (() => {
  const example = exampleDisclosure('project_approval');
  return {
    ...example,
    id: demoEventId('disclosure/nantong-project-approval'),
    data: { ...example.data, decidedOn: '2026-02-10' },
    metadata: {
      ...example.metadata,
      publisher: P.nantongApprovals,
      sourceSystem: '政府信息公开平台（演示）',
      occurredAt: '2026-02-10T10:00:00+08:00',
      publishedAt: '2026-02-16T09:00:00+08:00',
    },
  } as DomainEvent;
})();

const lateDecision = disclosure(
  'jinjiang-transfer-decision',
  P.jinjiangFinance,
  'approver',
  '350582',
  { occurredAt: '2026-03-02T10:00:00+08:00', publishedAt: '2026-03-12T09:00:00+08:00' },
  {
    kind: 'transfer_decision',
    domain: 'state_property',
    disclosureId: 'JJ-CZ-2026-03',
    title: '关于同意处置晋江市某事业单位闲置办公用房的批复',
    decisionKind: 'approval',
    projectSummary: '晋江市某事业单位闲置办公用房（1,260平方米）公开挂牌转让',
    approvingAuthority: P.jinjiangFinance,
    decisionNumber: '晋财资〔2026〕12号',
    decidedOn: '2026-03-02',
  },
);

/** Each with its summary label and whether the demo expects it late (demo-scenario wraps them as steps). */
export const DEMO_DISCLOSURES: ReadonlyArray<{ label: string; late: boolean; event: DomainEvent }> = [
  { label: '土地供应计划', late: false, event: landPlan },
  { label: '审批核准信息', late: false, event: approval },
  { label: '产权交易决策及批准信息（逾期公开）', late: true, event: lateDecision },
];
