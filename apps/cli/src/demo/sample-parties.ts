import { creditCodeCheckCharacter, type Party } from '@gongkai/domain';

/**
 * A unified social credit code from its first 17 characters, with the GB 32100-2015 check character
 * computed by the domain, so every code in the demo is valid by construction.
 */
export function creditCode(first17: string): string {
  const check = creditCodeCheckCharacter(first17);
  if (check === undefined) throw new Error(`demo data: ${first17} is not the start of a credit code`);
  return `${first17}${check}`;
}

const party = (name: string, first17: string): Party => ({ name, creditCode: creditCode(first17) });

/** The organisations of the demo: publishers (招标人/采购人/出让人), bidders and a supervising authority. */
export const DEMO_PARTIES = {
  // 南通 (320600)
  nantongTenderer: party('南通市崇川区城市建设投资有限公司', '91320602MA1X5Y2L0'),
  /** 审批核准备案 of the projects that must be tendered. */
  nantongApprovals: party('南通市行政审批局', '11320600014123459'),
  // 苏州 (320500)
  suzhouPurchaser: party('苏州市教育局', '11320500014160335'),
  suzhouTenderer: party('苏州市吴中区城市更新建设有限公司', '91320506MA27QH8K4'),
  suzhouHousingBureau: party('苏州市住房和城乡建设局', '11320500014160116'),
  // 晋江 (350582)
  jinjiangLandBureau: party('晋江市自然资源局', '11350582MB1952667'),
  /** Approves transfers of administrative units' assets (产权交易决策及批准). */
  jinjiangFinance: party('晋江市财政局', '11350582MB1952670'),
  // 天津 (120000)
  tianjinTenderer: party('天津滨海新区建设投资集团有限公司', '91120116MA05K8LT2'),

  // Bidders and suppliers
  hengxin: party('晋江市恒信建设工程有限公司', '91350582MA2Y3K4P5'),
  wuzhongBuild: party('苏州市吴中建筑安装有限公司', '91320500MA1N2P3Q4'),
  quJiangRoad: party('韶关市曲江路桥工程有限公司', '91440200MA4W7D8E9'),
  kedaEdu: party('苏州科达教育装备有限公司', '91320505MA1MXG7N3'),
  zhiyuanTech: party('江苏致远智能科技有限公司', '91320100MA1W2BBQ6'),
  huaxinElectronics: party('苏州华信电子科技有限公司', '91320507MA1P3K7R5'),
  hongqiaoEquip: party('南京虹桥教学设备有限公司', '91320104MA1R8C4J1'),
  landDeveloper: party('泉州世茂新城房地产开发有限公司', '91350500MA31H9QK8'),
  landRunnerUp: party('晋江万科置业有限公司', '91350582MA32B6TQ0'),
  landThird: party('福建三盛实业有限公司', '91350100MA2XN4D07'),
  binhaiBuild: party('中建八局天津建设工程有限公司', '91120116MA06D1PX2'),
  tianjinRoad: party('天津市政工程集团有限公司', '91120000MA05U7C23'),
  hebeiBuild: party('河北建工集团有限责任公司', '91130000MA0CKN5E6'),
  /** The bidder the demo puts on the blacklist (fictitious). */
  xinchengBuild: party('南通鑫诚建设工程有限公司', '91320600MA1Y9C6L3'),
} as const;
