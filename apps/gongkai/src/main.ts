import { createApp } from './app';
import { ConfigError, loadConfig } from '@gongkai/runtime';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const service = await createApp(config);
  if (service.generatedAdminToken) {
    // Printed once: only its hash is stored, so it cannot be shown again.
    console.log(
      `\nNo GONGKAI_ADMIN_TOKEN was set; generated an admin token (store it now, it is not shown again):\n\n  ${service.generatedAdminToken}\n`,
    );
  }
  const url = await service.listen();
  service.logger.info(
    { url, dataDir: config.dataDir, store: config.store.kind },
    `gongkai listening on ${url}`,
  );
  const shutdown = (signal: string) => {
    service.logger.info({ signal }, 'shutting down');
    service.close().then(
      () => process.exit(0),
      (error: unknown) => {
        service.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error('gongkai failed to start:', error);
  process.exit(1);
});
