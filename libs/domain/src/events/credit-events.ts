import { z } from 'zod';
import { CATALOGUE_DOMAINS } from '../catalogues';
import { localDate, longText, partySchema, platformCode, text, yuan } from './common';
import { CREDIT_TRANSACTION_FIELDS } from './national-record';

/**
 * Credit events live in the subject's own stream (`credit-<统一社会信用代码>`), not in a transaction's. They
 * carry the domain the conduct happened in, as an attribute rather than a discriminator: the record is the
 * same in every domain.
 */
const creditCommon = {
  /** The unit or person the record is about (行政相对人). */
  subject: partySchema,
  domain: z.enum(CATALOGUE_DOMAINS),
  /** The transaction the conduct happened in, when there is one. */
  transactionId: platformCode.optional(),
  /** 决定机关 (cf_cfjg / cf_cfjgdm). */
  authority: partySchema,
  /** The transaction's name and section, for the platform's 违法违规信息 (300). */
  ...CREDIT_TRANSACTION_FIELDS,
};

/** 轻微, 一般 or 严重失信 (信用修复管理办法, 国家发展改革委令第36号): sets how long the record may be shown. */
const dishonestySeverity = z.enum(['minor', 'ordinary', 'serious']);

/**
 * A display beyond the maximum for the class is lawful where the subject has not corrected and a sector rule says
 * so: the rule is cited here, and the record is then accepted.
 */
const displayExtension = z.object({
  /** The sector rule (文件名称及条款) that extends the display. */
  basis: text,
  /** The subject has not corrected its conduct (未纠正失信行为). */
  subjectNotCorrected: z.literal(true),
});

/** 行政处罚 (双公示), field for field the Credit China `cf_*` record. */
export const penaltyImposedSchema = z.object({
  ...creditCommon,
  /** 法定代表人 (cf_fr). */
  legalRepresentative: text.optional(),
  /** 行政处罚决定书文号 (cf_wsh). */
  decisionNumber: text,
  /** 违法行为类型/事实 (cf_sy). */
  facts: text,
  /** 处罚依据 (cf_yj). */
  basis: text,
  /** 处罚类别: 警告, 罚款, 没收违法所得, 暂扣或吊销许可证… (cf_cflb). */
  categories: z.array(text).min(1),
  /** 处罚内容 (cf_nr). */
  content: longText,
  /** 罚款金额 in yuan (cf_nr_fk is in 万元: the sink converts). */
  fineAmount: yuan.optional(),
  /** 处罚决定日期 (cf_jdrq). */
  decidedOn: localDate,
  /** 处罚有效期 (cf_yxq). */
  validUntil: localDate.optional(),
  /** 公示截止期 (cf_gsjzq); must lie within the display period of the class (all classes when not given). */
  displayUntil: localDate.optional(),
  /** 轻微, 一般 or 严重: the display period the penalty falls under. */
  severity: dishonestySeverity.optional(),
  displayExtension: displayExtension.optional(),
  /** 数据来源单位 (cf_sjly / cf_sjlydm). */
  dataSource: partySchema,
});

/** 行政许可 (双公示), field for field the Credit China `xk_*` record. */
export const licenceGrantedSchema = z.object({
  ...creditCommon,
  /** 法定代表人 (xk_fr). */
  legalRepresentative: text.optional(),
  /** 行政许可决定文书名称 (xk_xkws). */
  decisionDocumentName: text,
  /** 行政许可决定文书号 (xk_wsh). */
  decisionNumber: text,
  /** 许可类别: 普通, 特许, 认可, 核准, 登记, 其他 (xk_xklb). */
  categories: z.array(text).min(1),
  /** 许可证书名称 (xk_xkzs) and 许可编号 (xk_xkbh). */
  certificateName: text.optional(),
  licenceNumber: text.optional(),
  /** 许可内容 (xk_nr). */
  content: text,
  /** 许可决定日期 (xk_jdrq): the 7 working days of 双公示 run from it. */
  decidedOn: localDate,
  /** 有效期自 (xk_yxqz) / 有效期至 (xk_yxqzi). */
  validFrom: localDate,
  validUntil: localDate.optional(),
  /** 数据来源单位 (xk_lydw / xk_lydwdm). */
  dataSource: partySchema,
});

/** 信用奖惩: a reward (守信激励) or a dishonesty record (失信记录). */
export const creditRecordedSchema = z.object({
  ...creditCommon,
  recordKind: z.enum(['reward', 'dishonesty']),
  /** For dishonesty: minor, ordinary or serious (Order 36). */
  severity: dishonestySeverity.optional(),
  recordNumber: text,
  title: text,
  description: text,
  decidedOn: localDate,
  displayUntil: localDate.optional(),
  displayExtension: displayExtension.optional(),
});

/** 列入严重失信主体名单 / 黑名单 (data set 302). */
export const blacklistEnteredSchema = z.object({
  ...creditCommon,
  /** Only serious dishonesty is listed; `ordinary` is kept readable for listings recorded before, and refused now. */
  severity: z.enum(['ordinary', 'serious']),
  decisionNumber: text,
  reason: text,
  basis: text,
  /** 认定日期: display periods run from it (Order 36). */
  decidedOn: localDate,
  /** Last day shown; must lie within the Order 36 range for the severity, or cite a `displayExtension`. */
  displayUntil: localDate,
  displayExtension: displayExtension.optional(),
  /** 联合惩戒措施: e.g. barred from bidding. */
  restrictions: z.array(text).min(1),
});

/** 移出黑名单 (data set 303): after credit repair, at the end of the display period, or on revocation. */
export const blacklistRemovedSchema = z.object({
  ...creditCommon,
  /** The decision that put the subject on the list. */
  entryDecisionNumber: text,
  removalReason: z.enum(['credit_repaired', 'display_expired', 'decision_revoked']),
  removedOn: localDate,
  /** 信用修复 decision, when repaired. */
  repairDecisionNumber: text.optional(),
});
