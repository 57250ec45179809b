import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Runs the generator in check mode (prettier needs ESM dynamic import, which jest's CommonJS run lacks). */
describe('docs/catalogues.md', () => {
  it('is up to date with the catalogues and statutory rules (regenerate: npx tsx scripts/generate-catalogues-doc.ts)', () => {
    const root = join(__dirname, '..', '..', '..', '..');
    const result = spawnSync(
      join(root, 'node_modules', '.bin', 'tsx'),
      ['scripts/generate-catalogues-doc.ts', '--check'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
