import { fenToWanYuan, yuanToWanYuan } from './wan-yuan';

describe('万元 conversion', () => {
  it.each([
    ['12345.67', '1.234567'],
    ['13550.00', '1.355'],
    ['10000', '1'],
    ['0', '0'],
    ['0.01', '0.000001'],
    ['0.1', '0.00001'],
    ['9999.99', '0.999999'],
    ['2650000.00', '265'],
    // Beyond Number.MAX_SAFE_INTEGER fen: still exact.
    ['123456789012345678.91', '12345678901234.567891'],
  ])('%s yuan -> %s 万元', (yuan, wan) => {
    expect(yuanToWanYuan(yuan)).toBe(wan);
  });

  it.each([
    [1234567, '1.234567'],
    ['1355000', '1.355'],
    [10n ** 20n, '100000000000000'],
    [0, '0'],
  ] as const)('%s fen -> %s 万元', (fen, wan) => {
    expect(fenToWanYuan(fen)).toBe(wan);
  });

  it.each(['12.345', '-1', '1e5', '', ' 12', '01.5'])('refuses the malformed yuan amount %j', (yuan) => {
    expect(() => yuanToWanYuan(yuan)).toThrow(RangeError);
  });

  it.each([1.5, -1, '12.5', '-3', Number.MAX_SAFE_INTEGER + 1])('refuses the fen amount %p', (fen) => {
    expect(() => fenToWanYuan(fen)).toThrow(RangeError);
  });
});
