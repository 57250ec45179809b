import { randomUUID } from 'node:crypto';

/**
 * Deterministic generator of realistic disclosure events: Chinese announcement text, organisation names,
 * unified social credit codes with a valid check digit, amounts and dates, padded so that the JSON of
 * `{ data, metadata }` is about `targetBytes` of UTF-8 (1 KiB by default).
 */

/** Small, fast, seedable PRNG (mulberry32) so every run and every store gets the same content. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CITIES = [
  '深圳市',
  '深圳市',
  '广州市',
  '杭州市',
  '成都市',
  '武汉市',
  '南京市',
  '西安市',
  '长沙市',
  '济南市',
];
const AREA_CODES = ['0755', '0755', '020', '0571', '028', '027', '025', '029', '0731', '0531'];
const DISTRICTS = [
  '福田区',
  '南山区',
  '天河区',
  '西湖区',
  '武侯区',
  '江汉区',
  '鼓楼区',
  '雁塔区',
  '岳麓区',
  '历下区',
];
const REGION_CODES = [
  '440304',
  '440305',
  '440106',
  '330106',
  '510107',
  '420103',
  '320106',
  '610113',
  '430104',
  '370102',
];
const WORKS = [
  '市政道路改造工程施工',
  '人民医院医疗设备采购',
  '国有建设用地使用权挂牌出让',
  '排水管网提质增效工程',
  '公共租赁住房物业服务采购',
  '森林防火通道建设工程',
  '排污权有偿使用交易',
  '中小学智慧教室设备采购',
];
const FIRMS = [
  '建设集团',
  '建筑工程',
  '市政工程',
  '医疗器械',
  '信息技术',
  '物业服务',
  '园林绿化',
  '环境科技',
];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '洋', '艳', '军', '杰', '涛'];
const SENTENCES = [
  '本招标项目已由相关主管部门批准建设，项目业主为招标人，建设资金来自财政资金，项目出资比例为百分之百。',
  '项目已具备招标条件，现对该项目的施工进行公开招标，欢迎具备相应资质的潜在投标人参加投标。',
  '投标人须具备建设行政主管部门核发的市政公用工程施工总承包三级及以上资质，并在人员、设备、资金等方面具有相应的施工能力。',
  '本次招标不接受联合体投标，投标人不得存在被列入失信被执行人名单或重大税收违法失信主体名单的情形。',
  '凡有意参加投标者，请于公告发布之日起通过全国公共资源交易平台下载招标文件，逾期不予受理。',
  '投标文件递交的截止时间为开标当日上午九时三十分，逾期送达或者未送达指定地点的投标文件，招标人不予受理。',
  '本次招标公告同时在中国招标投标公共服务平台和省公共资源交易服务平台上发布，其他媒介转载无效。',
  '评标委员会由招标人代表和从专家库中随机抽取的技术、经济等方面的专家组成，成员人数为五人以上单数。',
];
const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

const pick = <T>(rnd: () => number, items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;

/** A unified social credit code (GB 32100-2015) with a correct 18th check character. */
export function creditCode(rnd: () => number, region: string): string {
  let body = `91${region}`;
  while (body.length < 17) body += CODE_CHARS[Math.floor(rnd() * 10 + (rnd() < 0.2 ? 10 : 0))]!;
  const sum = [...body].reduce((acc, ch, i) => acc + CODE_CHARS.indexOf(ch) * CODE_WEIGHTS[i]!, 0);
  const check = (31 - (sum % 31)) % 31;
  return body + CODE_CHARS[check]!;
}

export interface BenchEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

export class ChineseEventGenerator {
  private readonly rnd: () => number;
  private readonly filler: string;

  constructor(
    seed = 2026,
    private readonly targetBytes = 1024,
  ) {
    this.rnd = prng(seed);
    // A long pool of announcement text; each event takes a slice at a random offset.
    this.filler = Array.from({ length: 64 }, () => pick(this.rnd, SENTENCES)).join('');
  }

  next(streamHint = 0): BenchEvent {
    const rnd = this.rnd;
    const city = Math.floor(rnd() * CITIES.length);
    const region = REGION_CODES[city]!;
    const work = pick(rnd, WORKS);
    const projectCode = `E${region}${String(100000000 + Math.floor(rnd() * 899999999))}${streamHint % 10}`;
    const tenderer = `${CITIES[city]}${DISTRICTS[city]}${pick(rnd, ['住房和建设局', '卫生健康局', '自然资源局', '教育局'])}`;
    const agency = `${CITIES[city]}${pick(rnd, ['诚信', '华建', '中信', '正源'])}招标代理有限公司`;
    const bidder = `${CITIES[city]}${pick(rnd, ['宏达', '鹏程', '安泰', '联合', '中建'])}${pick(rnd, FIRMS)}有限公司`;
    const contact = `${pick(rnd, SURNAMES)}${pick(rnd, GIVEN)}${rnd() < 0.5 ? pick(rnd, GIVEN) : ''}`;
    const day = 1 + Math.floor(rnd() * 28);
    const data: Record<string, unknown> = {
      projectCode,
      projectName: `${CITIES[city]}${DISTRICTS[city]}${work}`,
      tenderer: { name: tenderer, creditCode: creditCode(rnd, region) },
      agency: {
        name: agency,
        creditCode: creditCode(rnd, region),
        contact,
        phone: `${AREA_CODES[city]}-8${String(Math.floor(rnd() * 9999999)).padStart(7, '0')}`,
      },
      candidate: { name: bidder, creditCode: creditCode(rnd, region) },
      budgetYuan: Math.round(rnd() * 5e8) / 100,
      region,
      bidDeadline: `2026-12-${String(day).padStart(2, '0')}T09:30:00+08:00`,
      announcement: '',
    };
    const metadata: Record<string, unknown> = {
      publisher: tenderer,
      publisherCreditCode: creditCode(rnd, region),
      role: '招标人',
      sourceSystem: 'bench',
      region,
      occurredAt: `2026-11-${String(day).padStart(2, '0')}T08:00:00.000Z`,
      correlationId: randomUUID(),
    };
    const base = Buffer.byteLength(JSON.stringify({ data, metadata }), 'utf8');
    const chars = Math.max(0, Math.floor((this.targetBytes - base) / 3));
    const start = Math.floor(rnd() * (this.filler.length - chars - 1));
    data.announcement = this.filler.slice(start, start + chars);
    return {
      id: randomUUID(),
      type: pick(rnd, ['TenderAnnounced', 'BidOpened', 'CandidatesPublicised', 'AwardAnnounced']),
      data,
      metadata,
    };
  }

  batch(count: number, streamHint = 0): BenchEvent[] {
    return Array.from({ length: count }, () => this.next(streamHint));
  }
}
