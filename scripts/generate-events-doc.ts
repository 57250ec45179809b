/**
 * Writes docs/events.md from the event schemas in libs/domain (the domain itself does no I/O).
 *   npx tsx scripts/generate-events-doc.ts          # rewrite the document
 *   npx tsx scripts/generate-events-doc.ts --check  # exit 1 if the document is stale
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { z } from 'zod';
import {
  CATALOGUE_DOMAINS,
  DISCLOSURE_KIND_CATALOGUE,
  type CatalogueDomain,
  type DisclosureKind,
} from '../libs/domain/src/catalogues';
import { formatSource } from '../libs/domain/src/calendar';
import {
  CREDIT_EVENT_TYPES,
  CURRENT_SCHEMA_VERSION,
  EVENT_TYPES,
  type EventType,
  SPEC_FIELDS,
  TRANSACTION_ID_FIELD,
  eventDataSchemas,
  eventMetadataSchema,
  isCreditEventType,
  isDisclosureEventType,
} from '../libs/domain/src/events';
import {
  DISPLAY_PERIOD_MONTHS,
  DISPLAY_PERIOD_SOURCE,
  REJECTION_CODES,
  REJECTION_DESCRIPTIONS,
} from '../libs/domain/src/lifecycle';
import { FIELD_CLASSIFICATION } from '../libs/domain/src/redaction';
import { STAGE_DATA_SETS, isNumberedDomain } from '../libs/sinks/src/mappers/national/stage-records';

export const EVENTS_DOC = join(__dirname, '..', 'docs', 'events.md');

const TYPE_TEXT: Record<EventType, string> = {
  AnnouncementPublished: '招标公告 / 采购公告 / 出让公告 / 交易公告 / 分配房源',
  QualificationResultPublished: '资格审查结果 (each rejected applicant with its reason)',
  CandidatesPublicized: '中标候选人公示 / 成交候选人公示 / 分配对象公示',
  AwardPublished: '中标结果 / 成交结果 / 成交公示 / 分配结果',
  ContractSigned: '合同订立 / 供应结果',
  ContractChanged: '履约及变更 (performance, variation, termination; housing 退出)',
  AnnouncementCorrected: '更正公告 / 信息变更',
  TransactionTerminated: '流标 / 终止 / 废标',
  ComplaintDecided: '投诉和监督检查处理决定',
  QualificationResultCorrected: '资格审查结果更正 (the result restated; both versions stay in the trail)',
  CandidatesCorrected: '中标候选人公示更正 (the publicity restated; a longer period may cure PERIOD_TOO_SHORT)',
  AwardCorrected: '中标（成交）结果更正 (the award restated, same winner)',
  ContractCorrected: '合同订立信息更正 (the contract restated; changes of the contract are ContractChanged)',
  PenaltyImposed: '行政处罚 (双公示, Credit China cf_*)',
  LicenceGranted: '行政许可 (双公示, Credit China xk_*)',
  CreditRecorded: '信用奖惩记录 (reward or dishonesty)',
  BlacklistEntered: '列入黑名单 (严重失信 only; Order 36 display periods)',
  BlacklistRemoved: '移出黑名单 (repair, expiry, revocation)',
  DisclosurePublished:
    '交易外的公开事项: 土地供应计划, 集中采购目录及限额标准, 审批核准备案, 产权交易决策及批准, 中介机构审计评估结果, 住房保障, 农村危房改造',
  DisclosureAmended: '交易外公开事项的变更 (the disclosure in full as it now stands, with the reason)',
};

const DOMAIN_TEXT: Record<CatalogueDomain, string> = {
  engineering: '工程建设项目招标投标',
  procurement: '政府采购',
  land: '国有土地使用权出让',
  mining: '矿业权出让',
  state_property: '国有产权交易',
  medical: '医疗设备、药品、医用耗材采购',
  emission: '排污权交易',
  sea_area: '海域使用权交易',
  forest: '林业产权交易',
  housing: '保障性住房分配',
};

interface JsonSchema {
  type?: string;
  description?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
}

const toJson = (schema: z.ZodType): JsonSchema =>
  z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as JsonSchema;

/** A short human description of a field's type. */
function typeText(schema: JsonSchema): string {
  if (schema.description) return schema.description;
  if (schema.const !== undefined) return `\`${String(schema.const)}\``;
  if (schema.enum) return schema.enum.map((v) => `\`${String(v)}\``).join(' | ');
  if (schema.type === 'array' && schema.items) return `array of ${typeText(schema.items)}`;
  if (schema.type === 'object' && schema.properties) {
    const required = new Set(schema.required ?? []);
    const fields = Object.keys(schema.properties).map((key) => (required.has(key) ? key : `${key}?`));
    return `{ ${fields.join(', ')} }`;
  }
  if (schema.type === 'integer') return 'integer';
  if (schema.type === 'string') return 'text';
  return schema.type ?? 'value';
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function fieldRows(
  schema: JsonSchema,
  spec: Record<string, string>,
  skip: Set<string> = new Set(),
): string[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {})
    .filter(([name]) => !skip.has(name))
    .map(([name, field]) => {
      const national = Object.entries(spec)
        .filter(([path]) => path === name || path.startsWith(`${name}.`))
        .map(([path, specName]) =>
          path === name ? `\`${specName}\`` : `\`${path.slice(name.length + 1)}\` → \`${specName}\``,
        )
        .join(', ');
      const restricted = FIELD_CLASSIFICATION[name]
        ? ` (restricted: ${FIELD_CLASSIFICATION[name]!.why})`
        : '';
      return `| \`${name}\` | ${cell(typeText(field))}${cell(restricted)} | ${required.has(name) ? 'yes' : ''} | ${national} |`;
    });
}

const TABLE_HEAD = ['| field | type | required | national field |', '|---|---|---|---|'];

function variantsOf(json: JsonSchema): Array<{ domain: CatalogueDomain; schema: JsonSchema }> {
  return (json.oneOf ?? json.anyOf ?? []).map((schema) => ({
    domain: schema.properties!['domain']!.const as CatalogueDomain,
    schema,
  }));
}

/** Fields with the same schema in every variant are listed once, the rest per domain. */
function transactionSection(type: EventType): string[] {
  const variants = variantsOf(toJson(eventDataSchemas[type]));
  const first = variants[0]!.schema;
  const shared = Object.keys(first.properties ?? {}).filter(
    (name) =>
      name !== 'domain' &&
      variants.every(
        (v) =>
          JSON.stringify(v.schema.properties?.[name]) === JSON.stringify(first.properties![name]) &&
          (v.schema.required ?? []).includes(name) === (first.required ?? []).includes(name),
      ),
  );
  const lines = [
    `## ${type}`,
    '',
    `${TYPE_TEXT[type]}. Stream: \`txn-<transaction id>\`. Schema version ${CURRENT_SCHEMA_VERSION[type]}.`,
    '',
  ];
  if (shared.length > 0) {
    const sharedSchema: JsonSchema = {
      properties: Object.fromEntries(shared.map((name) => [name, first.properties![name]!])),
      required: (first.required ?? []).filter((name) => shared.includes(name)),
    };
    lines.push(
      'Fields in every domain:',
      '',
      ...TABLE_HEAD,
      ...fieldRows(sharedSchema, SPEC_FIELDS[type].engineering.fields),
      '',
    );
  }
  for (const { domain, schema } of variants) {
    const mapping = SPEC_FIELDS[type][domain];
    const own = fieldRows(schema, mapping.fields, new Set(['domain', ...shared]));
    lines.push(
      `### ${type} — \`${domain}\` (${DOMAIN_TEXT[domain]})`,
      '',
      `Transaction id: \`${TRANSACTION_ID_FIELD[domain]}\`.${nationalDataSetsText(type, domain, mapping.dataSet)}`,
      '',
      ...TABLE_HEAD,
      ...own,
      '',
    );
  }
  return lines;
}

/** The provincial records a stage is sent as: built per data set for the numbered domains (docs/sinks.md). */
function nationalDataSetsText(
  type: EventType,
  domain: CatalogueDomain,
  provisional: string | undefined,
): string {
  if (isNumberedDomain(domain)) {
    const sets = STAGE_DATA_SETS[domain][type];
    return sets
      ? ` National data sets: ${sets}.`
      : ' Not sent to the provincial platform (no data set means it).';
  }
  return provisional ? ` National data set: ${provisional}.` : '';
}

/** One table per kind: the fields every kind shares are listed once. */
function disclosureSection(type: EventType): string[] {
  const variants = (toJson(eventDataSchemas[type]).oneOf ?? []).map((schema) => ({
    kind: schema.properties!['kind']!.const as DisclosureKind,
    schema,
  }));
  const first = variants[0]!.schema;
  const shared = Object.keys(first.properties ?? {}).filter(
    (name) =>
      name !== 'kind' &&
      variants.every(
        (v) => JSON.stringify(v.schema.properties?.[name]) === JSON.stringify(first.properties![name]),
      ),
  );
  const sharedSchema: JsonSchema = {
    properties: Object.fromEntries(shared.map((name) => [name, first.properties![name]!])),
    required: (first.required ?? []).filter((name) => shared.includes(name)),
  };
  return [
    `## ${type}`,
    '',
    `${TYPE_TEXT[type]}. Stream: \`disclosure-<disclosureId>\`, its own (\`transactionIds\` link to transactions, nothing is written into them). Schema version ${CURRENT_SCHEMA_VERSION[type]}. Not sent to the provincial platform (docs/sinks.md).`,
    '',
    'Fields of every kind:',
    '',
    ...TABLE_HEAD,
    ...fieldRows(sharedSchema, {}),
    '',
    ...variants.flatMap(({ kind, schema }) => {
      const entry = DISCLOSURE_KIND_CATALOGUE[kind];
      const rule = entry.rules.national[0]!;
      return [
        `### ${type} — \`${kind}\` (${entry.title.zh})`,
        '',
        `Published by ${entry.department.zh} (roles ${entry.publishers.map((r) => `\`${r}\``).join(', ')}); ` +
          `deadline ${rule.n} working days from \`${rule.from}\` (${formatSource(rule.source)})` +
          (entry.rules.jinjiang
            ? `; in Jinjiang ${entry.rules.jinjiang[0]!.description.zh} (seed line ${entry.rules.jinjiang[0]!.source.seed?.line ?? '?'})`
            : '') +
          '.',
        '',
        ...TABLE_HEAD,
        ...fieldRows(schema, {}, new Set(['kind', ...shared])),
        '',
      ];
    }),
  ];
}

function creditSection(type: EventType): string[] {
  const mapping = SPEC_FIELDS[type].engineering;
  return [
    `## ${type}`,
    '',
    `${TYPE_TEXT[type]}. Stream: \`credit-<subject credit code>\`. Schema version ${CURRENT_SCHEMA_VERSION[type]}.` +
      (mapping.dataSet ? ` National record: ${mapping.dataSet}.` : ''),
    '',
    ...TABLE_HEAD,
    ...fieldRows(toJson(eventDataSchemas[type]), mapping.fields),
    '',
  ];
}

export function renderEventsDoc(): string {
  const overview = EVENT_TYPES.map((type) => {
    const stream = isCreditEventType(type)
      ? '`credit-<code>`'
      : isDisclosureEventType(type)
        ? '`disclosure-<id>`'
        : '`txn-<id>`';
    const domains = isCreditEventType(type)
      ? '`domain` attribute'
      : isDisclosureEventType(type)
        ? `${Object.keys(DISCLOSURE_KIND_CATALOGUE).length} kinds`
        : `${CATALOGUE_DOMAINS.length} variants`;
    return `| \`${type}\` | ${TYPE_TEXT[type]} | ${stream} | ${domains} | ${CURRENT_SCHEMA_VERSION[type]} |`;
  });
  return [
    '# Event catalogue',
    '',
    '<!-- Generated by scripts/generate-events-doc.ts from libs/domain/src/events; do not edit by hand. -->',
    '',
    'Every disclosure is an immutable event `{ id, type, schemaVersion, data, metadata }`. `data` is validated by',
    'the zod schema of its type (`eventDataSchemas`, `parseEventData`, `parseDomainEvent`); transaction events are',
    'discriminated unions on `domain`, each variant named in its domain’s own language and carrying the domain’s',
    'subject group (the project, parcel, right or batch being allocated). National data specification and Credit',
    'China field names are recorded beside ours (`SPEC_FIELDS`) where one exists; a blank means no agreed name. For',
    'engineering, procurement, land, mining and state property the provincial records are built data set by data',
    'set (the data sets named under each variant; fields, formats and the national record fields in docs/sinks.md);',
    'the names below are then a guide, and the other transactions and Credit China use them as they are.',
    '',
    'Identifiers are validated for real: 统一社会信用代码 with its GB 32100-2015 check character, resident ID numbers',
    'with their GB 11643 check character, tender project (20) and section (23) codes by structure, GB/T 2260 region',
    'codes. Money is a decimal string in yuan (at most 2 decimals), never a float; instants carry an offset.',
    '',
    '## Types',
    '',
    '| type | disclosure | stream | domains | version |',
    '|---|---|---|---|---|',
    ...overview,
    '',
    '## Metadata (every event)',
    '',
    ...TABLE_HEAD,
    ...fieldRows(toJson(eventMetadataSchema), {}),
    '',
    '`occurredAt` is when the fact was formed or changed (the anchor of most deadlines), `publishedAt` when it was',
    'disclosed. The service adds `recordedAt` and the timing `findings` returned by the decider.',
    '',
    '## Versions and upcasting',
    '',
    'Stored events are never rewritten. A new schema version adds an upcaster `UPCASTERS[type][n]` from version n',
    'to n+1 and bumps `CURRENT_SCHEMA_VERSION[type]`; `parseDomainEvent` upcasts step by step before validating and',
    'refuses versions it has no path for. All types are at version 1.',
    '',
    '## Reading stored events into read models',
    '',
    'Read models (the projections of `libs/projections`, built from empty at a first start or a new version, and',
    'followed live) decode stored events with `decodeTrustedStoredEvent`, not `parseStoredEvent`: an event at the',
    "current schema version is not validated again with zod. This is a decision, taken for rebuild speed (zod was",
    '28 % of a rebuild, 55–60 µs per event) and safe because:',
    '',
    '- every stored event was validated by `parseDomainEvent` when it was written (single appends, batches and',
    '  imports alike: unknown fields refused, per-field and per-event caps, UTF-8), and what is stored is the',
    "  schema's output, so validating it again yields the same object;",
    '- its bytes are then fixed: the hash chain and the Merkle log cover them, the whole-store verification (the',
    '  integrity scrub) checks them, and a change raises an alarm (docs/integrity.md).',
    '',
    'What still guards it: an event at an older schema version is upcast and validated whole, as is an event of a',
    "type or version this code does not know, whose id is not a UUID or whose data is not an object; the metadata is rebuilt from the",
    "schema's keys in the schema's order (the store's `schemaVersion` and `provisionalYears` left out, `recordedAt`",
    "from the store), so a read model sees the same object either way (`trusted-stored-event.spec.ts` compares",
    'both decodes on every example, key order included; `read-models.int.spec.ts` builds every read model both',
    'ways and compares their rows). The write path, `parseDomainEvent` and `parseStoredEvent` (used by the trail,',
    'sinks, feeds and the write engine) are unchanged. A read model that meets a value of the wrong shape (only',
    'possible after tampering the scrub reports) fails its slice and is retried with backoff, never skipped.',
    '',
    '## Lifecycle rules',
    '',
    "Per transaction, `decide({ type: 'PublishDisclosure', event }, state, { blacklist })` accepts the event or",
    'rejects it with a stable code and an English and Chinese message; `evolve(state, event)` folds accepted events.',
    'Statutory timing never rejects: the decision carries `findings` (late disclosure, missed deadline, period too',
    'short, each naming its rule and source) for the service to store in `metadata.findings`, and so does conduct a',
    'statute forbids but the trail must still record (a winner chosen during the candidates publicity, 实施条例 第五十四条;',
    'a state-controlled project not awarding the first-ranked candidate, 第五十五条; supplementary procurement',
    'contracts above 10 %, 政府采购法 第四十九条). An award may pass to the next-ranked candidate by a second',
    '`AwardPublished` carrying `reassignment` (the winner it replaces and why); a contract cancelled by a',
    '`ContractChanged` of kind `termination` may be procured again. Credit streams use `decideCredit` /',
    `\`evolveCredit\`; display periods of penalties, dishonesty records and listings follow ${DISPLAY_PERIOD_SOURCE}`,
    `(minor at most ${DISPLAY_PERIOD_MONTHS.minor.maximum} months, ordinary ` +
      `${DISPLAY_PERIOD_MONTHS.ordinary.minimum}–${DISPLAY_PERIOD_MONTHS.ordinary.maximum} months, serious ` +
      `${DISPLAY_PERIOD_MONTHS.serious.minimum}–${DISPLAY_PERIOD_MONTHS.serious.maximum} months from the decision;`,
    'repair from the day after the minimum’s last day, display ends at the maximum unless `displayExtension` cites',
    'the sector rule that extends it for a subject that has not corrected; only serious dishonesty is listed).',
    '',
    '| code | rule | 规则 |',
    '|---|---|---|',
    ...REJECTION_CODES.map(
      (code) =>
        `| \`${code}\` | ${cell(REJECTION_DESCRIPTIONS[code].en)} | ${cell(REJECTION_DESCRIPTIONS[code].zh)} |`,
    ),
    '',
    '## Redaction',
    '',
    '`toPublicView(event)` masks natural persons’ names (`张**`), ID numbers (first 6 and last 4 kept) and',
    'phones (`138****5678`), masks bank account numbers (last 4 kept), removes home addresses and the data paths a publisher',
    'flags in `metadata.confidentialFields`, and drops internal metadata (correlation, causation, findings).',
    'Supervisors see the stored event.',
    '',
    ...EVENT_TYPES.flatMap((type) =>
      CREDIT_EVENT_TYPES.includes(type as never)
        ? creditSection(type)
        : isDisclosureEventType(type)
          ? disclosureSection(type)
          : transactionSection(type),
    ),
  ].join('\n');
}

/** The document as prettier formats it, so that `prettier --check` and `--check` agree. */
export async function renderEventsDocFormatted(): Promise<string> {
  const options = (await resolveConfig(EVENTS_DOC)) ?? {};
  return format(renderEventsDoc(), { ...options, parser: 'markdown' });
}

async function main(): Promise<void> {
  const rendered = await renderEventsDocFormatted();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(EVENTS_DOC, 'utf8');
    } catch {
      current = '';
    }
    if (current !== rendered) {
      console.error('docs/events.md is stale: run npx tsx scripts/generate-events-doc.ts');
      process.exitCode = 1;
    }
    return;
  }
  const temp = `${EVENTS_DOC}.${process.pid}.tmp`;
  writeFileSync(temp, rendered, 'utf8');
  renameSync(temp, EVENTS_DOC);
  console.log(`wrote ${EVENTS_DOC}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
