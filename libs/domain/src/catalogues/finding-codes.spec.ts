import { CONDUCT_FINDING_CODES, type ConductFindingCode, type RecordedLateFinding } from '../lifecycle';
import type { TimingFindingCode } from '../calendar';
import { FINDING_CODES, type FindingCode } from './vocabulary';

describe('FINDING_CODES', () => {
  it('lists every code a finding can carry (timing, late recording, conduct), once', () => {
    // Compiles only while each kind's codes are among FINDING_CODES.
    const stored: FindingCode[] = [
      ...(['LATE_DISCLOSURE', 'DEADLINE_MISSED', 'PERIOD_TOO_SHORT'] satisfies TimingFindingCode[]),
      'RECORDED_LATE' satisfies RecordedLateFinding['code'],
      ...CONDUCT_FINDING_CODES.map((code): ConductFindingCode => code),
    ];
    expect([...FINDING_CODES].sort()).toEqual([...new Set(stored)].sort());
  });
});
