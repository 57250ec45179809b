import fc from 'fast-check';
import {
  CREDIT_CODE_CHARSET,
  compareYuan,
  creditCodeCheckCharacter,
  creditCodeProblem,
  creditCodeSchema,
  fenToYuan,
  isIsoInstant,
  isValidBidSectionCode,
  isValidCreditCode,
  isValidRegionCode,
  isValidResidentId,
  isValidTenderProjectCode,
  isoInstantSchema,
  regionCodeSchema,
  tenderProjectCodeSchema,
  yuanSchema,
  yuanToFen,
} from '.';

describe('unified social credit code (GB 32100-2015)', () => {
  it.each([
    // Published codes of real companies, to pin the algorithm to the standard.
    ['91440300708461136T', 'Shenzhen Tencent Computer Systems'],
    // Codes computed for the examples.
    ['91320602MA1X5Y2L0F', 'example company, Nantong Chongchuan'],
    ['123206004667891235', 'example public institution'],
    ['113206000141234568', 'example organ of state'],
    ['91350582MA2Y3K4P5A', 'example company, Jinjiang'],
  ])('accepts %s (%s)', (code) => {
    expect(isValidCreditCode(code)).toBe(true);
    expect(creditCodeSchema.safeParse(code).success).toBe(true);
  });

  it('computes the check character modulo 31, mapping 31 to 0', () => {
    expect(creditCodeCheckCharacter('91440300708461136')).toBe('T');
    expect(creditCodeCheckCharacter('91320602MA1X5Y2L0')).toBe('F');
  });

  it.each([
    ['91440300708461136U', 'checkCharacter'],
    ['91440300708461136', 'length'],
    ['91440300708461136TT', 'length'],
    ['9144030070846113IT', 'characters'],
    ['91440300708461136O', 'characters'],
    ['91A40300708461136T', 'characters'],
    ['91440300708461136t', 'characters'],
  ])('rejects %s (%s)', (code, problem) => {
    expect(creditCodeProblem(code)).toBe(problem);
    const result = creditCodeSchema.safeParse(code);
    expect(result.success).toBe(false);
  });

  it('rejects any single-character change of a valid code', () => {
    const valid = '91320602MA1X5Y2L0F';
    for (let i = 0; i < 18; i += 1) {
      const replacement = valid[i] === '0' ? '1' : '0';
      const changed = valid.slice(0, i) + replacement + valid.slice(i + 1);
      expect(isValidCreditCode(changed)).toBe(false);
    }
  });
});

describe('credit code properties (fast-check)', () => {
  const char = fc.constantFrom(...CREDIT_CODE_CHARSET.split(''));
  const digit = fc.constantFrom(...'0123456789'.split(''));
  const body = fc
    .tuple(
      fc.array(char, { minLength: 2, maxLength: 2 }),
      fc.array(digit, { minLength: 6, maxLength: 6 }),
      fc.array(char, { minLength: 9, maxLength: 9 }),
    )
    .map(([a, b, c]) => [...a, ...b, ...c].join(''));

  it('17 characters plus the computed check character always form a valid code', () => {
    fc.assert(
      fc.property(body, (first17) => isValidCreditCode(first17 + creditCodeCheckCharacter(first17)!)),
    );
  });

  it('any single substitution or adjacent transposition of distinct characters is detected', () => {
    fc.assert(
      fc.property(body, fc.nat(17), char, (first17, position, replacement) => {
        const code = first17 + creditCodeCheckCharacter(first17)!;
        fc.pre(code[position] !== replacement);
        const changed = code.slice(0, position) + replacement + code.slice(position + 1);
        return !isValidCreditCode(changed);
      }),
    );
    fc.assert(
      fc.property(body, fc.nat(15), (first17, position) => {
        fc.pre(first17[position] !== first17[position + 1]);
        const swapped =
          first17.slice(0, position) +
          first17[position + 1] +
          first17[position] +
          first17.slice(position + 2);
        // The weights are powers of 3 modulo 31, all distinct, so a swap always changes the check character.
        return !isValidCreditCode(swapped + creditCodeCheckCharacter(first17)!);
      }),
    );
  });
});

describe('resident ID number (GB 11643)', () => {
  it('accepts valid numbers and rejects wrong check digits or impossible birth dates', () => {
    expect(isValidResidentId('320602198503151238')).toBe(true);
    expect(isValidResidentId('320602198503151239')).toBe(false);
    expect(isValidResidentId('320602198502301230')).toBe(false);
    expect(isValidResidentId('32060219850315123')).toBe(false);
  });
});

describe('tender project and section codes', () => {
  it('accepts the structure region(6) + 11 + sequence(3), and sections with 3 more digits', () => {
    expect(isValidTenderProjectCode('3206022026A000127001')).toBe(true);
    expect(isValidBidSectionCode('3206022026A000127001002')).toBe(true);
  });
  it.each([
    ['3206022026A00012700', 'too short'],
    ['3206022026A000127000', 'sequence 000'],
    ['9906022026A000127001', 'no such province'],
    ['3206022026a000127001', 'lower case'],
    ['32060-2026A000127001', 'punctuation'],
  ])('rejects tender project code %s (%s)', (code) => {
    expect(tenderProjectCodeSchema.safeParse(code).success).toBe(false);
  });
  it('rejects a section code whose section number is 000 or whose project part is invalid', () => {
    expect(isValidBidSectionCode('3206022026A000127001000')).toBe(false);
    expect(isValidBidSectionCode('3206022026A000127000001')).toBe(false);
  });
});

describe('region code (GB/T 2260)', () => {
  it('accepts 6 digits under a real province and rejects others', () => {
    expect(isValidRegionCode('320602')).toBe(true);
    expect(isValidRegionCode('120000')).toBe(true);
    expect(isValidRegionCode('000000')).toBe(false);
    expect(isValidRegionCode('990101')).toBe(false);
    expect(regionCodeSchema.safeParse('32060').success).toBe(false);
  });
});

describe('money', () => {
  it('accepts yuan as decimal strings with at most 2 decimals, never numbers', () => {
    for (const ok of ['0', '0.5', '12.50', '2650000.00']) expect(yuanSchema.safeParse(ok).success).toBe(true);
    for (const bad of ['-1', '1.234', '01.5', '1e6', '', '1,000'])
      expect(yuanSchema.safeParse(bad).success).toBe(false);
    expect(yuanSchema.safeParse(12.5).success).toBe(false);
  });
  it('converts exactly between yuan and fen', () => {
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen('2650000.07')).toBe(265000007);
    expect(fenToYuan(7)).toBe('0.07');
    expect(fenToYuan(265000007)).toBe('2650000.07');
    expect(compareYuan('10', '9.99')).toBe(1);
    expect(compareYuan('10.00', '10')).toBe(0);
    expect(() => yuanToFen('1.234')).toThrow(RangeError);
  });
});

describe('timestamps', () => {
  it('requires an offset', () => {
    expect(isIsoInstant('2026-03-02T09:00:00+08:00')).toBe(true);
    expect(isIsoInstant('2026-03-02T01:00:00Z')).toBe(true);
    expect(isIsoInstant('2026-03-02T09:00:00')).toBe(false);
    expect(isIsoInstant('2026-03-02')).toBe(false);
    expect(isoInstantSchema.safeParse('2026-02-30T09:00:00+08:00').success).toBe(false);
  });
});
