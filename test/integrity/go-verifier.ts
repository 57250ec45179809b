import { execFile } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs a program to completion (a non-zero exit is a result, not an error). */
export function run(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  cwd = ROOT,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd, env, timeout: 240_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ status: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}

/**
 * Builds tools/tlog-verify (Go's reference note and tlog code, go.sum pinned, module proxy reachable) into
 * `dir`; answers the binary's path.
 */
export async function buildGoVerifier(dir: string): Promise<string> {
  const binary = path.join(dir, 'tlog-verify');
  const build = await run(
    'go',
    ['build', '-o', binary, '.'],
    { ...process.env, GOFLAGS: '-mod=mod' },
    path.join(ROOT, 'tools', 'tlog-verify'),
  );
  if (build.status !== 0 || build.stderr !== '') {
    throw new Error(`go build of tools/tlog-verify failed (${build.status}):\n${build.stderr}`);
  }
  return binary;
}
