import { generateKeyPairSync } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkpointBody, verifyCheckpoint, type Checkpoint } from './checkpoint';
import { CheckpointSigner, DEFAULT_KEY_FILE } from './checkpoint-signer';
import { CheckpointHistoryError, FileCheckpointStore } from './checkpoint-store';

const ROOT = 'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c';
const TIME = '2026-11-23T01:30:00.000Z';

describe('signed checkpoints', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'gongkai-checkpoint-'));
  });
  afterEach(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('signs a documented text body that verifies with the public key in PEM, raw base64 or KeyObject form', async () => {
    const signer = await CheckpointSigner.open({ origin: 'test.example', dataDir });
    const checkpoint = signer.sign(7, ROOT, TIME);

    expect(checkpointBody(checkpoint)).toBe(
      `gongkai/test.example\n7\n${Buffer.from(ROOT, 'hex').toString('base64')}\n${TIME}\n`,
    );
    expect(checkpoint).toMatchObject({
      origin: 'test.example',
      treeSize: 7,
      rootHash: ROOT,
      timestamp: TIME,
    });
    expect(checkpoint.keyId).toBe(signer.keyId);
    expect(Buffer.from(checkpoint.signature, 'base64')).toHaveLength(64);
    expect(verifyCheckpoint(checkpoint, signer.publicKeyPem)).toBe(true);
    expect(verifyCheckpoint(checkpoint, signer.publicKeyBase64)).toBe(true);
    expect(verifyCheckpoint(checkpoint, signer.publicKey)).toBe(true);
  });

  it('rejects a checkpoint whose size, root, time, origin, key id or signature was altered, or another key', async () => {
    const signer = await CheckpointSigner.open({ origin: 'test.example', dataDir });
    const good = signer.sign(7, ROOT, TIME);
    const flipped = Buffer.from(good.signature, 'base64');
    flipped[10]! ^= 0x01;
    const tampered: Checkpoint[] = [
      { ...good, treeSize: 8 },
      { ...good, rootHash: ROOT.replace(/^d/, 'e') },
      { ...good, timestamp: '2026-11-23T01:30:01.000Z' },
      { ...good, origin: 'other.example' },
      { ...good, keyId: '0000000000000000' },
      { ...good, signature: flipped.toString('base64') },
      { ...good, signature: '' },
    ];
    for (const checkpoint of tampered) expect(verifyCheckpoint(checkpoint, signer.publicKey)).toBe(false);
    const otherKey = generateKeyPairSync('ed25519').publicKey;
    expect(verifyCheckpoint(good, otherKey)).toBe(false);
    expect(verifyCheckpoint(good, 'not a key')).toBe(false);
  });

  it('generates the key once into <dataDir>/keys with mode 0600 and reuses it across instances', async () => {
    const first = await CheckpointSigner.open({ origin: 'o', dataDir });
    const keyFile = path.join(dataDir, DEFAULT_KEY_FILE);
    expect(first.keyPath).toBe(keyFile);
    expect((await fs.stat(keyFile)).mode & 0o777).toBe(0o600);
    expect((await fs.stat(path.dirname(keyFile))).mode & 0o777).toBe(0o700);
    expect(await fs.readdir(path.dirname(keyFile))).toEqual(['checkpoint-ed25519.pem']);

    const second = await CheckpointSigner.open({ origin: 'o', dataDir });
    expect(second.keyId).toBe(first.keyId);
    expect(second.publicKeyPem).toBe(first.publicKeyPem);
    expect(verifyCheckpoint(second.sign(1, ROOT, TIME), first.publicKey)).toBe(true);
  });

  it('two signers opening an empty data directory at once share one key', async () => {
    const [a, b] = await Promise.all([
      CheckpointSigner.open({ origin: 'o', dataDir }),
      CheckpointSigner.open({ origin: 'o', dataDir }),
    ]);
    expect(a.keyId).toBe(b.keyId);
    expect(await fs.readdir(path.join(dataDir, 'keys'))).toEqual(['checkpoint-ed25519.pem']);
  });

  it('loads a configured key and refuses a missing one or a non-Ed25519 key', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const keyPath = path.join(dataDir, 'configured.pem');
    await fs.writeFile(keyPath, privateKey.export({ format: 'pem', type: 'pkcs8' }));
    const signer = await CheckpointSigner.open({ origin: 'o', keyPath });
    expect(signer.publicKeyPem).toContain('BEGIN PUBLIC KEY');
    await expect(fs.access(path.join(dataDir, 'keys'))).rejects.toThrow();

    await expect(
      CheckpointSigner.open({ origin: 'o', keyPath: path.join(dataDir, 'missing.pem') }),
    ).rejects.toThrow(/cannot read the configured checkpoint key/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    const rsaPath = path.join(dataDir, 'rsa.pem');
    await fs.writeFile(rsaPath, rsa.export({ format: 'pem', type: 'pkcs8' }));
    await expect(CheckpointSigner.open({ origin: 'o', keyPath: rsaPath })).rejects.toThrow(/need Ed25519/);
  });

  it('refuses to sign malformed fields', async () => {
    const signer = await CheckpointSigner.open({ origin: 'o', dataDir });
    expect(() => signer.sign(-1, ROOT, TIME)).toThrow(/tree size/);
    expect(() => signer.sign(1, 'abc', TIME)).toThrow(/root hash/);
    expect(() => signer.sign(1, ROOT, 'yesterday')).toThrow(/timestamp/);
  });
});

describe('FileCheckpointStore', () => {
  let dataDir: string;
  let signer: CheckpointSigner;

  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'gongkai-checkpoints-'));
    signer = await CheckpointSigner.open({ origin: 'o', dataDir });
  });
  afterEach(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('appends checkpoints as JSON lines and reads them back in order, across instances', async () => {
    const store = FileCheckpointStore.inDataDir(dataDir);
    expect(await store.latest()).toBeUndefined();
    const c1 = signer.sign(3, ROOT, TIME);
    const c2 = signer.sign(7, ROOT, TIME);
    await Promise.all([store.append(c1), store.append(c2)]);
    const reopened = FileCheckpointStore.inDataDir(dataDir);
    expect(await reopened.list()).toEqual([c1, c2]);
    expect(await reopened.latest()).toEqual(c2);
    const lines = (await fs.readFile(path.join(dataDir, 'checkpoints.jsonl'), 'utf8')).split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[1]!)).toEqual(c2);
  });

  it('refuses a checkpoint older than the latest one', async () => {
    const store = FileCheckpointStore.inDataDir(dataDir);
    await store.append(signer.sign(7, ROOT, TIME));
    await expect(store.append(signer.sign(6, ROOT, TIME))).rejects.toThrow(CheckpointHistoryError);
    expect(await store.list()).toHaveLength(1);
  });

  it('ignores and then replaces a line a crash left unterminated', async () => {
    const store = FileCheckpointStore.inDataDir(dataDir);
    const c1 = signer.sign(3, ROOT, TIME);
    await store.append(c1);
    await fs.appendFile(store.file, '{"origin":"o","treeSi');
    expect(await store.list()).toEqual([c1]);
    const c2 = signer.sign(4, ROOT, TIME);
    await store.append(c2);
    expect(await store.list()).toEqual([c1, c2]);
  });

  it('reports a damaged complete line instead of skipping it', async () => {
    const store = FileCheckpointStore.inDataDir(dataDir);
    await fs.writeFile(store.file, 'not json\n');
    await expect(store.list()).rejects.toThrow(/line 1 is not a checkpoint/);
  });
});
