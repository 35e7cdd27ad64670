import { describe, expect, test } from '@jest/globals';
import { contractProblems } from '../src/fly-contract.ts';

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
