import { describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { contractProblems } from '../src/fly-contract.ts';
import { node24Path } from '../src/node24.ts';

const MACHINE = 'GET /v1/apps/{app_name}/machines/{machine_id}';

describe('the contract helper', () => {
  test('accepts a conforming body and rejects wrong types and invented fields', () => {
    expect(
      contractProblems({
        method: 'GET',
        path: '/x',
        route: MACHINE,
        status: 200,
        body: { id: 'a', state: 'started' },
      }),
    ).toEqual([]);
    expect(
      contractProblems({ method: 'GET', path: '/x', route: MACHINE, status: 200, body: { id: 1 } }),
    ).not.toEqual([]);
    expect(
      contractProblems({
        method: 'GET',
        path: '/x',
        route: MACHINE,
        status: 200,
        body: { id: 'a', made_up: true },
      }),
    ).not.toEqual([]);
  });

  test('checks errors against ErrorResponse and flags undocumented success statuses', () => {
    expect(
      contractProblems({
        method: 'GET',
        path: '/x',
        route: MACHINE,
        status: 404,
        body: { error: 'machine not found' },
      }),
    ).toEqual([]);
    expect(
      contractProblems({ method: 'GET', path: '/x', route: MACHINE, status: 409, body: { error: 5 } }),
    ).not.toEqual([]);
    expect(contractProblems({ method: 'GET', path: '/x', route: MACHINE, status: 201, body: {} })).toEqual([
      'status 201 is not a documented response',
    ]);
  });

  test('reads leases inside their {status, data} envelope', () => {
    const route = 'POST /v1/apps/{app_name}/machines/{machine_id}/lease';
    const data = { nonce: 'n', expires_at: 1, owner: 'o', version: 'v', description: '' };
    expect(
      contractProblems({ method: 'POST', path: '/x', route, status: 201, body: { status: 'success', data } }),
    ).toEqual([]);
    expect(contractProblems({ method: 'POST', path: '/x', route, status: 201, body: data })).toEqual([
      'lease envelope lacks status "success"',
    ]);
    expect(
      contractProblems({
        method: 'POST',
        path: '/x',
        route,
        status: 201,
        body: { status: 'success', data: { ...data, expires_at: 'soon' } },
      }),
    ).not.toEqual([]);
  });
});

test('importing the harness does not need the spec; only a contract check does', async () => {
  // A fresh process: this one has loaded the harness already. The catalog and workflow checks import it too.
  const script = `
    import { contractProblems, readActionDefinition } from './src/index.ts';
    console.log((await readActionDefinition('../fixtures/echo-action')).name);
    try { contractProblems({ method: 'GET', path: '/x', route: '${MACHINE}', status: 200, body: {} }); }
    catch (error) { console.log(error.message); }`;
  const { stdout } = await promisify(execFile)(
    await node24Path(),
    ['--input-type=module', '--eval', script],
    {
      cwd: new URL('..', import.meta.url),
      env: { ...process.env, FLY_MACHINES_OPENAPI: '/nonexistent/spec.json' },
    },
  );
  const [name, problem, ...rest] = stdout.split('\n');
  expect(name).toBe('Echo (harness fixture)');
  expect(problem).toMatch(
    /^Fly's Machines API spec is not at \/nonexistent\/spec\.json \(FLY_MACHINES_OPENAPI\); download https:\/\/raw\.githubusercontent\.com\/.+ and set FLY_MACHINES_OPENAPI to its path/,
  );
  expect(rest).toEqual(['']);
});
