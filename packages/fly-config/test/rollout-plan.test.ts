import { describe, expect, it } from '@jest/globals';
import { specSchemaProblems } from '@deploy-actions/harness';
import type { MachineConfig } from '@deploy-actions/core';
import {
  machineConfigForNewMachine,
  machineConfigForUpdate,
  parseFlyToml,
  planProcessGroups,
} from '../src/index.ts';
import { loadFixture } from './helpers.ts';

const IMAGE = 'registry.fly.io/app:deployment-3';

function machine(id: string, group: string | undefined): { id: string; config: MachineConfig } {
  const metadata: Record<string, string> = group === undefined ? {} : { fly_process_group: group };
  return { id, config: { metadata } };
}

describe('process groups against the machines an app has', () => {
  it('lists groups needing machines and the machines of groups fly.toml no longer has', async () => {
    const { config } = await loadFixture('two-groups.toml');
    // m4 has no process group: it counts for the default group (web, the first name), so web needs no machine.
    const plan = planProcessGroups(config, [machine('m3', 'cron'), machine('m4', undefined)]);
    expect(plan.groupsNeedingMachines).toEqual(['worker']);
    // worker has no services: flyctl's high-availability default gives it a machine and a standby.
    expect(plan.machinesToCreate).toEqual([
      { group: 'worker', role: 'primary' },
      { group: 'worker', role: 'standby' },
    ]);
    expect(plan.groupsGone).toEqual(new Map([['cron', ['m3']]]));
  });

  it('gives a new group with services two machines, one without high availability, none outside the filter', async () => {
    const { config } = await loadFixture('two-groups.toml');
    expect(planProcessGroups(config, [machine('m5', 'worker')]).machinesToCreate).toEqual([
      { group: 'web', role: 'primary' },
      { group: 'web', role: 'second' },
    ]);
    expect(planProcessGroups(config, [], { highAvailability: false }).machinesToCreate).toEqual([
      { group: 'web', role: 'primary' },
      { group: 'worker', role: 'primary' },
    ]);
    const filtered = planProcessGroups(config, [machine('m5', 'worker')], { onlyGroups: ['worker'] });
    expect(filtered.groupsNeedingMachines).toEqual([]);
    expect(filtered.groupsGone.size).toBe(0);
  });

  it('gives a new group with a volume one machine, and refuses to create it without a volume', async () => {
    const { config } = await loadFixture('mount.toml');
    expect(planProcessGroups(config, []).machinesToCreate).toEqual([{ group: 'app', role: 'primary' }]);
    const fit = machineConfigForNewMachine(config, 'app', IMAGE);
    expect(fit).toEqual({
      ok: false,
      reason: expect.stringContaining('does not create machines with volumes'),
    });
  });

  it('makes a standby stand in for its primary', async () => {
    const { config } = await loadFixture('two-groups.toml');
    const fit = machineConfigForNewMachine(config, 'worker', IMAGE, 'm-primary');
    if (!fit.ok) throw new Error(fit.reason);
    expect(fit.config['standbys']).toEqual(['m-primary']);
    expect(fit.config.env?.['FLY_STANDBY_FOR']).toBe('m-primary');
    expect(specSchemaProblems('fly.MachineConfig', fit.config)).toEqual([]);
  });
});

describe('updating a live machine with fly.toml', () => {
  const live: MachineConfig = {
    image: 'registry.fly.io/notes:deployment-1',
    env: { OLD_ONLY: '1', FLY_PROCESS_GROUP: 'app' },
    init: { cmd: ['old'], entrypoint: ['/old-entry'], tty: true },
    metadata: { fly_process_group: 'app', fly_release_id: 'rel_1', team: 'notes' },
    guest: { cpu_kind: 'performance', cpus: 2, memory_mb: 4096 },
    mounts: [{ volume: 'vol_123', name: 'notes_data', path: '/data', size_gb: 3, encrypted: true }],
    services: [{ protocol: 'tcp', internal_port: 1234 }],
    checks: { old: { type: 'tcp', port: 1234 } },
    restart: { policy: 'always' },
    dns: { nameservers: ['1.1.1.1'] },
    auto_destroy: false,
    schedule: 'daily',
  };

  it('replaces what fly.toml owns and keeps the volume, guest, DNS and schedule', async () => {
    const { config } = await loadFixture('mount.toml');
    const fit = machineConfigForUpdate(config, { id: 'm1', config: live }, IMAGE);
    if (!fit.ok) throw new Error(fit.reason);
    expect(fit.notes).toEqual([]);
    expect(fit.config).toEqual({
      image: IMAGE,
      // fly.toml's env replaces the machine's (machines.go line 333); init keeps tty, loses entrypoint and cmd.
      env: { FLY_PROCESS_GROUP: 'app', PRIMARY_REGION: 'sjc' },
      init: { tty: true },
      metadata: {
        fly_process_group: 'app',
        fly_release_id: 'rel_1',
        team: 'notes',
        fly_platform_version: 'v2',
      },
      guest: { cpu_kind: 'performance', cpus: 2, memory_mb: 4096 },
      // The attached volume stays, with fly.toml's auto-extension (launchInputForUpdate lines 181-190).
      mounts: [
        {
          volume: 'vol_123',
          name: 'notes_data',
          path: '/data',
          size_gb: 3,
          encrypted: true,
          extend_threshold_percent: 80,
          add_size_gb: 1,
          size_gb_limit: 10,
        },
      ],
      services: [
        {
          protocol: 'tcp',
          internal_port: 4000,
          ports: [
            { port: 80, handlers: ['http'] },
            { port: 443, handlers: ['http', 'tls'] },
          ],
          checks: [{ type: 'http', path: '/health' }],
        },
      ],
      statics: [{ guest_path: '/app/public', url_prefix: '/static', tigris_bucket: '', index_document: '' }],
      files: [
        { guest_path: '/etc/notes/config.yaml', raw_value: Buffer.from('level: info\n').toString('base64') },
        { guest_path: '/etc/notes/tls.pem', secret_name: 'TLS_CERT' },
      ],
      dns: { nameservers: ['1.1.1.1'] },
      auto_destroy: false,
      schedule: 'daily',
    });
    expect(specSchemaProblems('fly.MachineConfig', fit.config)).toEqual([]);
    // The live config given is not changed.
    expect(live.mounts?.[0]).not.toHaveProperty('extend_threshold_percent');
  });

  it('moves the volume to a new destination in place, with a note', () => {
    const { config } = parseFlyToml('[[mounts]]\nsource = "notes_data"\ndestination = "/var/data"\n', {
      file: 'fly.toml',
    });
    const fit = machineConfigForUpdate(config, { id: 'm1', config: live }, IMAGE);
    if (!fit.ok) throw new Error(fit.reason);
    expect(fit.config.mounts).toEqual([
      { volume: 'vol_123', name: 'notes_data', path: '/var/data', size_gb: 3, encrypted: true },
    ]);
    expect(fit.notes).toEqual([expect.stringContaining('moves from /data to /var/data')]);
  });

  it('refuses where flyctl would replace the machine and lose its volume', () => {
    const none = parseFlyToml('app = "notes"\n', { file: 'fly.toml' }).config;
    expect(machineConfigForUpdate(none, { id: 'm1', config: live }, IMAGE)).toEqual({
      ok: false,
      reason: expect.stringContaining('has volume vol_123 attached but fly.toml mounts none'),
    });
    const renamed = parseFlyToml('[[mounts]]\nsource = "other"\ndestination = "/data"\n', {
      file: 'fly.toml',
    }).config;
    expect(machineConfigForUpdate(renamed, { id: 'm1', config: live }, IMAGE)).toEqual({
      ok: false,
      reason: expect.stringContaining('cannot change volumes in place'),
    });
    const added = parseFlyToml('[[mounts]]\nsource = "data"\ndestination = "/data"\n', {
      file: 'fly.toml',
    }).config;
    expect(
      machineConfigForUpdate(added, { id: 'm2', config: { metadata: { fly_process_group: 'app' } } }, IMAGE),
    ).toEqual({
      ok: false,
      reason: expect.stringContaining('has none'),
    });
  });

  it('fits a machine with no process group to the default group, and a standby that now serves stops standing by', async () => {
    const { config } = await loadFixture('web-http-service.toml');
    const fit = machineConfigForUpdate(
      config,
      { id: 'm9', config: { standbys: ['m1'], env: { FLY_STANDBY_FOR: 'm1' } } },
      IMAGE,
    );
    if (!fit.ok) throw new Error(fit.reason);
    expect(fit.config.metadata?.['fly_process_group']).toBe('app');
    expect(fit.config).not.toHaveProperty('standbys');
    expect(fit.config.env).not.toHaveProperty('FLY_STANDBY_FOR');
  });
});
