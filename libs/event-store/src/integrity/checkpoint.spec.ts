import { generateKeyPairSync } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  checkpointText,
  keyIdOf,
  legacyCheckpointBody,
  openCheckpoint,
  verifyCheckpoint,
  type Checkpoint,
} from './checkpoint';
import { NoteError, parseVerifierKey } from './note';
import { CheckpointSigner, DEFAULT_KEY_FILE } from './checkpoint-signer';
import { CheckpointHistoryError, FileCheckpointStore } from './checkpoint-store';

const ROOT = 'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c';
const TIME = '2026-11-23T01:30:00.000Z';

const privateKeyOf = (dataDir: string) =>
  createPrivateKey(readFileSync(path.join(dataDir, DEFAULT_KEY_FILE), 'utf8'));

describe('signed checkpoints', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'gongkai-checkpoint-'));
  });
  afterEach(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('signs a c2sp.org/tlog-checkpoint as a signed note that opens with the verifier key', async () => {
    const signer = await CheckpointSigner.open({ origin: 'test.example/log', dataDir });
    const checkpoint = signer.sign(7, ROOT, TIME);
    const rootB64 = Buffer.from(ROOT, 'hex').toString('base64');
    expect(checkpoint).toMatchObject({
      origin: 'test.example/log',
      treeSize: 7,
      rootHash: ROOT,
      timestamp: TIME,
    });
    const [text, signatures] = checkpoint.note!.split('\n\n');
    expect(`${text}\n`).toBe(checkpointText('test.example/log', 7, ROOT));
    expect(text).toBe(`test.example/log\n7\n${rootB64}`);
    expect(signatures).toMatch(/^\u2014 test\.example\/log [A-Za-z0-9+/]+=*\n$/);
    // base64(4-byte key id || 64-byte signature)
    expect(Buffer.from(signatures!.split(' ')[2]!, 'base64')).toHaveLength(68);
    expect(signer.verifierKey).toMatch(
      new RegExp(`^test\\.example/log\\+${signer.keyId}\\+[A-Za-z0-9+/]+=*$`),
    );
    expect(openCheckpoint(checkpoint.note!, signer.verifierKey)).toEqual({
      origin: 'test.example/log',
      treeSize: 7,
      rootHash: ROOT,
    });
    expect(verifyCheckpoint(checkpoint, signer.verifierKey)).toBe(true);
    expect(verifyCheckpoint(checkpoint, signer.publicKeyPem)).toBe(true);
    expect(verifyCheckpoint(checkpoint, signer.publicKey)).toBe(true);
  });

  it('rejects an altered note, fields that disagree with it, or another key', async () => {
    const signer = await CheckpointSigner.open({ origin: 'test.example', dataDir });
    const good = signer.sign(7, ROOT, TIME);
    const note = good.note!;
    const tampered: Checkpoint[] = [
      { ...good, treeSize: 8 },
      { ...good, rootHash: ROOT.replace(/^d/, 'e') },
      { ...good, origin: 'other.example' },
      { ...good, note: note.replace('\n7\n', '\n8\n') },
      { ...good, note: note.replace(/ (.)/u, (_m, c: string) => ` ${c === 'A' ? 'B' : 'A'}`) },
      { ...good, note: note.split('\n\n')[0]! + '\n\n' },
    ];
    for (const checkpoint of tampered) expect(verifyCheckpoint(checkpoint, signer.verifierKey)).toBe(false);
    const otherKey = generateKeyPairSync('ed25519').publicKey;
    expect(verifyCheckpoint(good, otherKey)).toBe(false);
    expect(verifyCheckpoint(good, 'not a key')).toBe(false);
    expect(() => parseVerifierKey(signer.verifierKey.replace(/\+[0-9a-f]{8}\+/, '+00000000+'))).toThrow(
      NoteError,
    );
  });

  it('still verifies a legacy checkpoint (signed before the C2SP format) with the PEM key', async () => {
    const signer = await CheckpointSigner.open({ origin: 'o', dataDir });
    const legacy: Checkpoint = {
      origin: 'o',
      treeSize: 3,
      rootHash: ROOT,
      timestamp: TIME,
      keyId: keyIdOf(signer.publicKey),
    };
    legacy.signature = sign(null, Buffer.from(legacyCheckpointBody(legacy)), privateKeyOf(dataDir)).toString(
      'base64',
    );
    expect(verifyCheckpoint(legacy, signer.publicKeyPem)).toBe(true);
    expect(verifyCheckpoint({ ...legacy, treeSize: 4 }, signer.publicKeyPem)).toBe(false);
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
