import { execFile, spawnSync, type ChildProcess, type spawn } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const MAIN = path.join(ROOT, 'apps', 'cli', 'src', 'main.ts');

/** This process's environment without any GONGKAI_* setting of the machine, plus the test's own. */
function childEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('GONGKAI_')),
  );
  return { ...clean, ...env };
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `gongkai <args>` as a child process (tsx), as a user would, and collects its exit code and output. */
export function runCli(args: string[], env: Record<string, string | undefined> = {}): CliRun {
  const result = spawnSync(TSX, [MAIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: childEnv(env),
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The same, without blocking this process: for tests whose CLI child talks to a server running in the test
 * process (a blocked event loop could not answer it).
 */
export function runCliAsync(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      TSX,
      [MAIN, ...args],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: childEnv(env) },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error);
        resolve({ status: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

/**
 * Starts the service's real entry point (`tsx apps/gongkai/src/main.ts`) on a free port of 127.0.0.1 and
 * answers its URL once it logs that it listens.
 */
export function startService(
  spawnProcess: typeof spawn,
  env: Record<string, string>,
): Promise<{ process: ChildProcess; url: string }> {
  const child = spawnProcess(TSX, [path.join(ROOT, 'apps', 'gongkai', 'src', 'main.ts')], {
    cwd: ROOT,
    env: childEnv({ PORT: '0', HOST: '127.0.0.1', GONGKAI_LOG_LEVEL: 'info', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`the service did not start within 60 s:\n${output}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening on (http:\/\/[0-9.]+:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ process: child, url: match[1]! });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the service exited with ${code}:\n${output}`));
    });
  });
}
