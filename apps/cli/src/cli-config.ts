import { existsSync } from 'node:fs';
import { CliError } from './cli-error';
import { ConfigError, eventStorePath, loadConfig, type ServiceConfig } from './service';

/** Options every command accepts (declared once on the root program). */
export interface GlobalOptions {
  dataDir?: string;
}

/**
 * The service's own configuration (same variables, same validation), with `--data-dir` taking precedence
 * over GONGKAI_DATA_DIR, so the CLI always opens the files the service uses.
 */
export function cliConfig(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  try {
    return loadConfig({
      ...env,
      ...(options.dataDir !== undefined ? { GONGKAI_DATA_DIR: options.dataDir } : {}),
    });
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
}

/** Refuses to create an empty store as a side effect of a read: the data dir must already hold one. */
export function requireEventStoreFile(config: ServiceConfig): void {
  if (config.store.kind !== 'sqlite') return;
  const file = eventStorePath(config.dataDir);
  if (!existsSync(file)) {
    throw new CliError(
      `No event store at ${file}. Point --data-dir (or GONGKAI_DATA_DIR) at the service's data directory, or run \`gongkai demo\` to create one.`,
    );
  }
}
