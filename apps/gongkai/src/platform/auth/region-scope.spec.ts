import { Problem } from '../http/problem';
import { regionsWithinScope } from './region-scope';
import type { Principal } from '@gongkai/runtime';

const supervisor = (...regions: string[]): Principal => ({
  role: 'supervisor',
  subject: 'supervisor',
  tokenId: 't1',
  scope: { regions },
});
const admin: Principal = { role: 'admin', subject: 'admin', tokenId: 't0', scope: {} };

describe('regionsWithinScope', () => {
  it('leaves an admin unrestricted, with or without a region filter', () => {
    expect(regionsWithinScope(admin, undefined)).toBeUndefined();
    expect(regionsWithinScope(admin, '320500')).toBeUndefined();
  });

  it('keeps a supervisor within its regions when no region is asked for', () => {
    expect(regionsWithinScope(supervisor('320600', '320506'), undefined)).toEqual(['320600', '320506']);
  });

  it('accepts a region inside the scope, nested codes included', () => {
    expect(regionsWithinScope(supervisor('320600'), '320602')).toEqual(['320600']);
    expect(regionsWithinScope(supervisor('320600'), '320600')).toEqual(['320600']);
  });

  it('refuses a region outside the scope or wider than it as forbidden', () => {
    for (const region of ['320500', '320000']) {
      let thrown: unknown;
      try {
        regionsWithinScope(supervisor('320600'), region);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(Problem);
      expect((thrown as Problem).status).toBe(403);
    }
  });
});
