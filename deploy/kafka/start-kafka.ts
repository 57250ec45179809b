/**
 * Local development: a one-node Kafka (KRaft) on 127.0.0.1, the same broker the tests start.
 *
 *   deploy/kafka/kafka.sh                 # free port, fresh temp storage, removed on exit
 *   deploy/kafka/kafka.sh --port 9092 --data-dir data/kafka   # fixed port, storage kept between runs
 *   deploy/kafka/kafka.sh --version 4.4.0                    # another Apache Kafka release
 *
 * Prints the bootstrap address for KAFKA_BROKERS and runs until Ctrl-C (SIGINT/SIGTERM), then shuts the
 * broker down cleanly.
 */
import { parseArgs } from 'node:util';
import { startKafkaBroker } from '../../test/support/kafka-broker';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      version: { type: 'string' },
      'data-dir': { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
  });
  const broker = await startKafkaBroker({
    version: values.version,
    port: values.port === undefined ? undefined : Number(values.port),
    dataDir: values['data-dir'],
    echoLog: !values.quiet,
  });
  process.stdout.write(
    `\nKafka ${broker.version} ${broker.brokers} is up (pid ${broker.pid}, storage ${broker.dataDir}, log ${broker.logFile}).\n` +
      `export KAFKA_BROKERS=${broker.brokers}\nCtrl-C stops it.\n`,
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void broker.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
