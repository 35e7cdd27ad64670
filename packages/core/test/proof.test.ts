import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { readdir, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { DeployActionError } from '../src/errors.ts';
import { defaultProofDir, proofJsonSchema, ProofRecorder, proofRecordSchema } from '../src/proof.ts';
import { registerSecret, resetSecretsForTests } from '../src/secrets.ts';
import { stubEnv } from '@deploy-actions/core/testing';
import { captureStdout, tempDir } from './helpers.ts';

const schemaFile = new URL('../schema/proof-record.v1.schema.json', import.meta.url);

let dir: string;
let remove: () => Promise<void>;

beforeEach(async () => {
  ({ dir, remove } = await tempDir());
});

afterEach(async () => {
  resetSecretsForTests();
  await remove();
});

async function readJson(path: string | URL): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8')) as unknown;
}

describe('ProofRecorder', () => {
  test("keeps the rollout's spans as data, and leaves the field out when there are none", async () => {
    const span = {
      machine: '148e274c09d089',
      role: 'machine' as const,
      phase: 'checks' as const,
      start: '2026-11-27T04:00:01.000Z',
      end: '2026-11-27T04:00:03.000Z',
      outcome: 'failed' as const,
    };
    const recorder = new ProofRecorder('fly-deploy', { dir });
    recorder.setSpans([span]);
    const record = proofRecordSchema.parse(await readJson(await recorder.finish('failure')));
    expect(record.spans).toEqual([span]);
    const plain = new ProofRecorder('health-gate', { dir });
    expect(await readJson(await plain.finish('success'))).not.toHaveProperty('spans');
  });

  test('writes one redacted, schema-valid record named after the action and start time', async () => {
    const token = 'FlyV1 fm2_proof-secret-token';
    await captureStdout(() => registerSecret(token));
    const recorder = new ProofRecorder('fly-deploy', { dir });
    recorder.setInputs(
      { app: 'api', strategy: 'rolling', 'fly-api-token': token, note: `uses ${token}`, empty: undefined },
      { secretInputs: ['fly-api-token'] },
    );
    recorder.setApp('api');
    recorder.step('update machine 1', 'ok', `Authorization: ${token}`);
    recorder.step('health check', 'failed');
    recorder.fact('release', {
      version: 72,
      image: 'registry.fly.io/api:72',
      auth: token,
      skipped: undefined,
    });
    recorder.fail(
      Object.assign(new DeployActionError(`rejected ${token}`, { code: 'fly-api', hint: 'rotate it' }), {
        requestId: '01J0REQ',
      }),
    );
    const path = await recorder.finish('failure');

    expect(await readdir(dir)).toEqual([basename(path)]);
    expect(basename(path)).toMatch(/^fly-deploy-\d{8}T\d{6}-[0-9a-f]{8}\.json$/);
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain('proof-secret-token');
    const record = proofRecordSchema.parse(JSON.parse(text));
    expect(record).toMatchObject({
      schema: 'deploy-actions/proof@1',
      action: 'fly-deploy',
      outcome: 'failure',
      app: 'api',
      inputs: { app: 'api', strategy: 'rolling', note: 'uses ***' },
      steps: [
        { what: 'update machine 1', result: 'ok', detail: 'Authorization: ***' },
        { what: 'health check', result: 'failed' },
      ],
      facts: { release: { version: 72, image: 'registry.fly.io/api:72', auth: '***' } },
      error: { code: 'fly-api', message: 'rejected ***', hint: 'rotate it', requestId: '01J0REQ' },
    });
    expect(Date.parse(record.finishedAt)).toBeGreaterThanOrEqual(Date.parse(record.startedAt));

    const ajv = new Ajv2020({ validateFormats: false });
    const validate = ajv.compile((await readJson(schemaFile)) as object);
    expect(validate(JSON.parse(text))).toBe(true);
    expect(validate({ ...record, outcome: 'maybe' })).toBe(false);
  });

  test('records unexpected errors with a generic code and writes only once', async () => {
    const recorder = new ProofRecorder('health-gate', { dir });
    recorder.fail(new TypeError('undefined is not a function'));
    const path = await recorder.finish('failure');
    expect(await readJson(path)).toMatchObject({
      error: { code: 'unexpected-error', message: 'undefined is not a function' },
      inputs: {},
      steps: [],
      facts: {},
    });
    await expect(recorder.finish('success')).rejects.toThrow(/already written/);
  });

  test('refuses to write a record the schema rejects', async () => {
    const recorder = new ProofRecorder('', { dir });
    await expect(recorder.finish('success')).rejects.toThrow();
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('defaultProofDir', () => {
  test('is deploy-proof under RUNNER_TEMP', () => {
    const restore = stubEnv({ RUNNER_TEMP: '/runner/_temp' });
    try {
      expect(defaultProofDir()).toBe('/runner/_temp/deploy-proof');
    } finally {
      restore();
    }
  });
});

describe('proof-record.v1.schema.json', () => {
  test('is what the zod schema generates (run scripts/write-proof-schema.ts after changing it)', async () => {
    expect(await readJson(schemaFile)).toEqual(proofJsonSchema());
  });
});
