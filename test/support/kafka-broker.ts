import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  createWriteStream,
  statSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';

/**
 * A real Apache Kafka broker (KRaft, one node acting as broker and controller) run as a child `java`
 * process from the jars that deploy/kafka/pom.xml fetches from Maven Central. Used by the Kafka tests
 * (beforeAll/afterAll or a jest globalSetup) and by deploy/kafka/kafka.sh for local development.
 */

export const KAFKA_DEPLOY_DIR = resolve(__dirname, '../../deploy/kafka');

/** The Kafka releases the feed is tested against: the last 3.x and a current 4.x. */
export const TESTED_KAFKA_VERSIONS = ['3.9.1', '4.4.0'] as const;
/** What a broker runs unless told otherwise: KAFKA_VERSION from the environment, else the 3.x release. */
export const DEFAULT_KAFKA_VERSION = process.env.KAFKA_VERSION ?? TESTED_KAFKA_VERSIONS[0];

/** Each version's jars in a directory of their own, so both can be on disk (and cached) at once. */
export function kafkaLibDir(version: string): string {
  if (!/^\d+\.\d+\.\d+$/.test(version)) {
    throw new KafkaBrokerStartError(`Kafka version "${version}" is not of the form 4.4.0`);
  }
  return join(KAFKA_DEPLOY_DIR, 'lib', version);
}

export interface KafkaBrokerOptions {
  /** Apache Kafka release (org.apache.kafka:kafka_2.13 on Maven Central); DEFAULT_KAFKA_VERSION by default. */
  version?: string;
  /** Storage, config and broker.log live here; a fresh temp dir by default (removed by stop()). */
  dataDir?: string;
  /** Client port on 127.0.0.1; a free one by default. */
  port?: number;
  /** Heap limit passed as -Xmx. */
  maxHeap?: string;
  /** How long to wait for the broker to answer an admin request. */
  startTimeoutMs?: number;
  /** Extra or overriding server.properties entries. */
  properties?: Record<string, string | number | boolean>;
  /** Keep dataDir after stop() (always kept when the caller supplied it). */
  keepDataDir?: boolean;
  /** Also copy the broker's output to this process's stdout (local development). */
  echoLog?: boolean;
}

export interface KafkaBroker {
  /** The Apache Kafka release running. */
  readonly version: string;
  /** Bootstrap servers, `127.0.0.1:<port>`. */
  readonly brokers: string;
  readonly port: number;
  readonly dataDir: string;
  readonly logFile: string;
  readonly pid: number | undefined;
  /** SIGTERM (controlled shutdown), SIGKILL after a grace period; removes a temp dataDir. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash: nothing flushed beyond what the OS already has; storage kept for restart(). */
  kill(): Promise<void>;
  /** Starts the broker again on the same ports and storage (after kill() or a stop with keepDataDir). */
  restart(): Promise<void>;
  /** The last lines the broker printed. */
  logTail(lines?: number): string;
}

export class KafkaBrokerStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KafkaBrokerStartError';
  }
}

const DEFAULT_START_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 15_000;
const LOG_TAIL_LINES = 60;

const FETCH_TIMEOUT_MS = 10 * 60_000;

/**
 * Runs `mvn dependency:copy-dependencies` on deploy/kafka/pom.xml for `version` unless a previous run
 * completed (lib/<version>/.complete). Several test processes may call it at once: one fetches, the others
 * wait for it.
 */
export async function ensureKafkaJars(version: string = DEFAULT_KAFKA_VERSION): Promise<void> {
  const libDir = kafkaLibDir(version);
  const completeMarker = join(libDir, '.complete');
  const fetchLock = join(libDir, '.fetching');
  const deadline = Date.now() + FETCH_TIMEOUT_MS;
  while (!existsSync(completeMarker)) {
    if (takeFetchLock(libDir, fetchLock)) {
      try {
        if (!existsSync(completeMarker)) fetchJars(version, libDir, completeMarker);
      } finally {
        rmSync(fetchLock, { recursive: true, force: true });
      }
      return;
    }
    if (Date.now() > deadline)
      throw new KafkaBrokerStartError(`Timed out waiting for ${fetchLock} to go away`);
    await sleep(500);
  }
}

/** mkdir is atomic: whoever creates the lock directory fetches. A lock older than the timeout is stale. */
function takeFetchLock(libDir: string, fetchLock: string): boolean {
  try {
    if (existsSync(fetchLock) && Date.now() - statSync(fetchLock).mtimeMs > FETCH_TIMEOUT_MS) {
      rmSync(fetchLock, { recursive: true, force: true });
    }
    mkdirSync(libDir, { recursive: true });
    mkdirSync(fetchLock);
    return true;
  } catch {
    return false;
  }
}

function fetchJars(version: string, libDir: string, completeMarker: string): void {
  const started = Date.now();
  // The dependency plugin copies jar by jar: a run that was interrupted leaves no marker, so it runs again.
  // -Dkafka.version overrides the pom's default; the pom puts the jars in lib/${kafka.version}.
  const result = spawnSync(
    'mvn',
    [
      '-q',
      '-B',
      `-Dkafka.version=${version}`,
      '-f',
      join(KAFKA_DEPLOY_DIR, 'pom.xml'),
      'dependency:copy-dependencies',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: FETCH_TIMEOUT_MS },
  );
  const jarsThere =
    existsSync(libDir) && readdirSync(libDir).some((name) => name === `kafka_2.13-${version}.jar`);
  if (result.error || result.status !== 0 || !jarsThere) {
    throw new KafkaBrokerStartError(
      `Could not fetch the Kafka ${version} jars with Maven (exit ${result.status ?? result.error?.message}).\n` +
        lastLines(`${result.stdout ?? ''}${result.stderr ?? ''}`),
    );
  }
  writeFileSync(completeMarker, `${new Date().toISOString()}\n`);
  process.stderr.write(
    `kafka-broker: fetched Kafka ${version} jars into ${libDir} in ${Date.now() - started} ms\n`,
  );
}

/** A port the OS reports free on 127.0.0.1 right now (a tiny race remains until the broker binds it). */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * A KRaft cluster id: 16 random bytes in base64url, as `kafka-storage random-uuid` prints. One in 64 of
 * those starts with '-', which the tool's argument parser takes for an option ("--cluster-id: expected one
 * argument"); Kafka's own Uuid.randomUuid draws again in that case, and so do we.
 */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function serverProperties(
  dataDir: string,
  port: number,
  controllerPort: number,
  overrides: Record<string, string | number | boolean>,
): string {
  const properties: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': join(dataDir, 'kraft-logs'),
    // One node: every internal topic has one partition and one replica.
    'num.partitions': 1,
    'default.replication.factor': 1,
    'offsets.topic.num.partitions': 1,
    'offsets.topic.replication.factor': 1,
    'transaction.state.log.num.partitions': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    // Consumers in tests join at once instead of waiting 3 s for more members.
    'group.initial.rebalance.delay.ms': 0,
    // Topics are created explicitly (the feed publisher does it), so a typo fails instead of creating one.
    'auto.create.topics.enable': false,
    // After a SIGKILL the controller keeps the dead incarnation registered until its session expires
    // (9 s by default) and refuses the restarted broker meanwhile; a short session makes restarts quick.
    'broker.heartbeat.interval.ms': 500,
    'broker.session.timeout.ms': 2_500,
    'num.network.threads': 2,
    'num.io.threads': 2,
    'num.recovery.threads.per.data.dir': 1,
    'log.retention.hours': 24,
    ...overrides,
  };
  return Object.entries(properties)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join('\n')
    .concat('\n');
}

interface JavaRuntime {
  libDir: string;
  maxHeap: string;
  dataDir: string;
}

function javaArgs({ libDir, maxHeap, dataDir }: JavaRuntime, mainClass: string, args: string[]): string[] {
  return [
    `-Xmx${maxHeap}`,
    '-Xms64m',
    // Small heap, two shared cores: the serial collector and C1-only JIT start fastest and steal least.
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    '-Djava.awt.headless=true',
    `-Dlog4j.configuration=file:${join(KAFKA_DEPLOY_DIR, 'log4j.properties')}`,
    `-Dkafka.logs.dir=${join(dataDir, 'logs')}`,
    '-cp',
    `${libDir}/*`,
    mainClass,
    ...args,
  ];
}

function lastLines(text: string, count = LOG_TAIL_LINES): string {
  return text.split('\n').slice(-count).join('\n');
}

/**
 * `kafka-storage format`: writes meta.properties and the bootstrap metadata into log.dirs. Storage
 * formatted by an earlier run (a kept dataDir) is reused as it is: its cluster id must not change.
 */
function formatStorage(runtime: JavaRuntime, configFile: string): void {
  if (existsSync(join(runtime.dataDir, 'kraft-logs', 'meta.properties'))) return;
  const result = spawnSync(
    'java',
    javaArgs(runtime, 'kafka.tools.StorageTool', ['format', '-t', newClusterId(), '-c', configFile]),
    { encoding: 'utf8' },
  );
  if (result.error || result.status !== 0) {
    throw new KafkaBrokerStartError(
      `kafka-storage format failed (exit ${result.status ?? result.error?.message}):\n` +
        lastLines(`${result.stdout ?? ''}${result.stderr ?? ''}`),
    );
  }
}

/** The broker's output: written to broker.log, with the recent lines kept for error messages. */
class BrokerLog {
  private readonly lines: string[] = [];
  private readonly errors: string[] = [];
  private fatalSeen = false;

  constructor(
    private readonly file: ReturnType<typeof createWriteStream>,
    private readonly echo: boolean,
  ) {}

  readonly record = (chunk: Buffer): void => {
    this.file.write(chunk);
    if (this.echo) process.stdout.write(chunk);
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.length === 0) continue;
      this.lines.push(line);
      if (/ (ERROR|FATAL) |^Caused by:/.test(line) && this.errors.length < 20) this.errors.push(line);
      if (/Fatal error during (broker|controller|KafkaServer) startup|Exiting Kafka/.test(line))
        this.fatalSeen = true;
    }
    if (this.lines.length > 1_000) this.lines.splice(0, this.lines.length - 500);
  };

  tail(count = LOG_TAIL_LINES): string {
    return this.lines.slice(-count).join('\n');
  }

  fatal(): boolean {
    return this.fatalSeen;
  }

  /** The first error lines (the cause is usually there) and the last lines. */
  describe(): string {
    const errors = this.errors.length > 0 ? `--- first errors ---\n${this.errors.join('\n')}\n` : '';
    return `${errors}--- broker log tail ---\n${this.tail()}`;
  }

  /** Forgets the previous run's errors (restart). */
  resetErrors(): void {
    this.errors.length = 0;
    this.fatalSeen = false;
  }

  close(): Promise<void> {
    return new Promise((done) => this.file.end(done));
  }
}

/** Resolves when the broker answers a metadata request; rejects early if the process exits. */
async function waitUntilAnswering(
  brokers: string,
  child: ChildProcess,
  timeoutMs: number,
  log: BrokerLog,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: string | undefined;
  const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
    exited = `exited with ${code === null ? `signal ${signal}` : `code ${code}`}`;
  };
  child.once('exit', onExit);
  let lastError = '';
  try {
    while (Date.now() < deadline) {
      // A broker that failed to start can take half a minute to shut itself down: do not wait for it.
      if (exited || log.fatal()) break;
      const admin = new Kafka({
        clientId: 'kafka-broker-probe',
        brokers: [brokers],
        logLevel: logLevel.NOTHING,
        connectionTimeout: 1_000,
        requestTimeout: 2_000,
        retry: { retries: 0 },
      }).admin();
      try {
        await admin.connect();
        const cluster = await admin.describeCluster();
        if (cluster.brokers.length > 0) return;
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
      await sleep(250);
    }
  } finally {
    child.off('exit', onExit);
  }
  const why = exited
    ? `the broker process ${exited}`
    : log.fatal()
      ? 'the broker reported a fatal error'
      : `it did not answer within ${timeoutMs} ms (last error: ${lastError})`;
  throw new KafkaBrokerStartError(`Kafka broker at ${brokers} failed to start: ${why}.\n${log.describe()}`);
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolveExit) => {
    const timer = setTimeout(() => resolveExit(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveExit(true);
    });
  });
}

/**
 * Fetches the jars if needed, formats KRaft storage, spawns `kafka.Kafka` and waits until it answers.
 * A port taken between choosing it and the broker binding it is retried with new ports (twice).
 */
export async function startKafkaBroker(options: KafkaBrokerOptions = {}): Promise<KafkaBroker> {
  await ensureKafkaJars(options.version ?? DEFAULT_KAFKA_VERSION);
  const attempts = options.port === undefined ? 3 : 1;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOnce(options);
    } catch (error) {
      const portTaken =
        error instanceof KafkaBrokerStartError && /Address already in use/.test(error.message);
      if (!portTaken || attempt >= attempts) throw error;
    }
  }
}

async function startOnce(options: KafkaBrokerOptions): Promise<KafkaBroker> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'gongkai-kafka-'));
  mkdirSync(dataDir, { recursive: true });
  const port = options.port ?? (await freeLoopbackPort());
  let controllerPort = await freeLoopbackPort();
  while (controllerPort === port) controllerPort = await freeLoopbackPort();
  const version = options.version ?? DEFAULT_KAFKA_VERSION;
  const runtime: JavaRuntime = { libDir: kafkaLibDir(version), maxHeap: options.maxHeap ?? '512m', dataDir };
  const timeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  const configFile = join(dataDir, 'server.properties');
  const logFile = join(dataDir, 'broker.log');
  const brokers = `127.0.0.1:${port}`;
  writeFileSync(configFile, serverProperties(dataDir, port, controllerPort, options.properties ?? {}));
  formatStorage(runtime, configFile);

  const log = new BrokerLog(createWriteStream(logFile, { flags: 'a' }), options.echoLog ?? false);
  let child: ChildProcess | undefined;
  let stopped = false;

  // A broker must not outlive the test process (a crashed jest worker, Ctrl-C).
  const killOnExit = (): void => {
    child?.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const spawnBroker = async (): Promise<void> => {
    const spawned = spawn('java', javaArgs(runtime, 'kafka.Kafka', [configFile]), {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = spawned;
    log.resetErrors();
    spawned.stdout?.on('data', log.record);
    spawned.stderr?.on('data', log.record);
    try {
      await waitUntilAnswering(brokers, spawned, timeoutMs, log);
    } catch (error) {
      spawned.kill('SIGKILL');
      await waitForExit(spawned, 5_000);
      throw error;
    }
  };

  const kill = async (): Promise<void> => {
    const current = child;
    if (!current) return;
    current.kill('SIGKILL');
    await waitForExit(current, 10_000);
  };

  const cleanUp = async (): Promise<void> => {
    process.off('exit', killOnExit);
    await log.close();
    if (ownsDataDir && !options.keepDataDir) rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await spawnBroker();
  } catch (error) {
    await cleanUp();
    throw error;
  }

  return {
    version,
    brokers,
    port,
    dataDir,
    logFile,
    get pid() {
      return child?.pid;
    },
    logTail: (lines?: number) => log.tail(lines),
    kill,
    async restart() {
      if (stopped) throw new Error('restart() after stop(): start a new broker instead');
      await kill();
      await spawnBroker();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      const current = child;
      if (current && current.exitCode === null && current.signalCode === null) {
        current.kill('SIGTERM');
        if (!(await waitForExit(current, STOP_GRACE_MS))) {
          current.kill('SIGKILL');
          await waitForExit(current, 10_000);
        }
      }
      await cleanUp();
    },
  };
}
