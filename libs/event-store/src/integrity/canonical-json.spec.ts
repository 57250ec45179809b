import { canonicalJson } from './canonical-json';

/** A double from its IEEE-754 bit pattern, as RFC 8785 Appendix B lists them. */
function fromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe('canonicalJson (RFC 8785 JCS)', () => {
  it('reproduces the RFC 8785 §3.2.2 example (whitespace, literals, numbers, string escaping)', () => {
    const input =
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
      ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
      ' "literals": [null, true, false]}';
    expect(canonicalJson(JSON.parse(input))).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts keys by UTF-16 code units, as the RFC 8785 §3.2.3 example shows', () => {
    const value = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const keys = Object.keys(JSON.parse(canonicalJson(value)) as object);
    // JSON.parse reorders integer-like keys, so read the order from the text itself.
    const text = canonicalJson(value);
    const order = keys.map((k) => text.indexOf(JSON.stringify(k))).sort((a, b) => a - b);
    expect(order.map((at) => text.slice(at, text.indexOf(':', at)))).toEqual([
      '"\\r"',
      '"1"',
      '"\u0080"',
      '"ö"',
      '"€"',
      '"😀"',
      '"\ufb33"',
    ]);
  });

  it('orders Chinese and non-BMP keys by UTF-16 code units, not by code point', () => {
    // U+20000 (surrogates D840 DC00) sorts before U+F900 in UTF-16 order although its code point is larger.
    const value = { '\uf900': 4, '𠀀': 3, 文: 2, 中: 1 };
    expect(canonicalJson(value)).toBe('{"中":1,"文":2,"𠀀":3,"\uf900":4}');
    expect(canonicalJson({ 公告: { 项目名称: '某某市政道路工程', 金额: 1234567.5 } })).toBe(
      '{"公告":{"金额":1234567.5,"项目名称":"某某市政道路工程"}}',
    );
  });

  it.each([
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
  ])('serialises the double with bits %s as %s (RFC 8785 Appendix B)', (bits, expected) => {
    expect(canonicalJson(fromBits(bits))).toBe(expected);
  });

  it('serialises literal numbers in ECMAScript shortest form (1e21, 1E-7, -0, 1e20)', () => {
    expect(canonicalJson([1e21, 1e-7, -0, 1e20, 4.5, 100])).toBe(
      '[1e+21,1e-7,0,100000000000000000000,4.5,100]',
    );
  });

  it('escapes only what JSON requires and keeps other Unicode, including emoji, as is', () => {
    expect(canonicalJson('\u0000\u001f\u007f"\\/\b\f\n\r\t中文😀')).toBe(
      '"\\u0000\\u001f\u007f\\"\\\\/\\b\\f\\n\\r\\t中文😀"',
    );
  });

  it('drops undefined members like JSON and keeps null', () => {
    expect(canonicalJson({ b: undefined, a: null })).toBe('{"a":null}');
  });

  it('rejects lone surrogates in strings and keys, with the path', () => {
    expect(() => canonicalJson({ data: { title: 'abc\ud800' } })).toThrow(/\$\.data\.title.*lone surrogate/);
    expect(() => canonicalJson(['\udc00x'])).toThrow(/lone surrogate/);
    expect(() => canonicalJson({ ['k\ud83d']: 1 })).toThrow(/key contains a lone surrogate/);
    expect(canonicalJson('\ud83d\ude00')).toBe('"😀"');
  });

  it('rejects values JSON cannot represent', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow(/non-finite/);
    expect(() => canonicalJson({ big: 1n })).toThrow(/bigint/);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });
});
