import { describe, expect, it } from '@jest/globals';
import { specSchemaProblems } from '@deploy-actions/harness';
import {
  machineConfigForGroup,
  machineConfigForNewMachine,
  releaseCommandMachineConfig,
  resolveDeploySettings,
  withInputEnv,
} from '../src/index.ts';
import type { DeploySettings } from '../src/index.ts';
import { loadFixture } from './helpers.ts';

// Each expected config is what flyctl would send for the fixture, read from its source (the fixture's header
// names the functions and lines), with the differences fly-deploy makes on purpose (machine-config.ts):
// no fly_flyctl_version metadata, `autostop` as the spec's string, no `force_instance_key: null`.

const IMAGE = 'registry.fly.io/app:deployment-2';

function expectValidMachineConfig(config: unknown): void {
  expect(specSchemaProblems('fly.MachineConfig', config)).toEqual([]);
}

describe('fixtures → machine configs', () => {
  it('web app with [http_service] and one HTTP check', async () => {
    const { config, warnings } = await loadFixture('web-http-service.toml');
    expect(warnings).toEqual([]);
    const machine = machineConfigForGroup(config, 'app', undefined, IMAGE);
    expect(machine).toEqual({
      image: IMAGE,
      init: {},
      metadata: { fly_platform_version: 'v2', fly_process_group: 'app' },
      env: { PORT: '8080', RAILS_LOG_TO_STDOUT: 'enabled', FLY_PROCESS_GROUP: 'app', PRIMARY_REGION: 'ams' },
      services: [
        {
          protocol: 'tcp',
          internal_port: 8080,
          ports: [
            { port: 80, handlers: ['http'], force_https: true },
            { port: 443, handlers: ['http', 'tls'] },
          ],
          concurrency: { type: 'requests', soft_limit: 200, hard_limit: 250 },
          autostop: 'stop',
          autostart: true,
          min_machines_running: 1,
          checks: [
            {
              type: 'http',
              interval: '30s',
              timeout: '5s',
              grace_period: '10s',
              method: 'GET',
              path: '/up',
              headers: [{ name: 'X-Health', values: ['deploy'] }],
            },
          ],
        },
      ],
      stop_config: { timeout: '5s', signal: 'SIGINT' },
    });
    expectValidMachineConfig(machine);
    expect(config.image).toBe('registry.fly.io/shop-web:deployment-1');
  });

  it('two process groups with different VM sizes', async () => {
    const { config } = await loadFixture('two-groups.toml');
    const web = machineConfigForGroup(config, 'web', undefined, IMAGE);
    const worker = machineConfigForGroup(config, 'worker', undefined, IMAGE);
    expect(web).toEqual({
      image: IMAGE,
      init: { cmd: ['bundle', 'exec', 'puma', '-C', 'config/puma.rb'] },
      metadata: { fly_platform_version: 'v2', fly_process_group: 'web' },
      env: { FLY_PROCESS_GROUP: 'web', PRIMARY_REGION: 'fra' },
      // shared-cpu-2x is 2 shared CPUs and 512 MB; memory = "1gb" raises it to 1024.
      guest: { cpu_kind: 'shared', cpus: 2, memory_mb: 1024 },
      services: [
        {
          protocol: 'tcp',
          internal_port: 3000,
          ports: [
            { port: 80, handlers: ['http'] },
            { port: 443, handlers: ['http', 'tls'] },
          ],
          // An integer check timeout is milliseconds.
          checks: [{ type: 'http', interval: '15s', timeout: '2s', path: '/healthz' }],
        },
      ],
    });
    expect(worker).toEqual({
      image: IMAGE,
      init: { cmd: ['bundle', 'exec', 'sidekiq', '-q', 'default queue'] },
      metadata: { fly_platform_version: 'v2', fly_process_group: 'worker' },
      env: { FLY_PROCESS_GROUP: 'worker', PRIMARY_REGION: 'fra' },
      // performance-1x is 1 CPU and 2048 MB; cpus = 2 wins over the preset.
      guest: { cpu_kind: 'performance', cpus: 2, memory_mb: 2048 },
      checks: { sidekiq: { type: 'tcp', port: 7433, interval: '20s' } },
    });
    expectValidMachineConfig(web);
    expectValidMachineConfig(worker);
  });

  it('a worker with no services', async () => {
    const { config } = await loadFixture('worker.toml');
    const machine = machineConfigForGroup(config, 'mailer', undefined, IMAGE);
    expect(machine).toEqual({
      image: IMAGE,
      init: { cmd: ['node', 'dist/worker.js', '--queue', 'mail out'] },
      metadata: { fly_platform_version: 'v2', fly_process_group: 'mailer' },
      env: { FLY_PROCESS_GROUP: 'mailer' },
      checks: { alive: { type: 'tcp', port: 9091, interval: '15s', timeout: '2s', grace_period: '1m0s' } },
      metrics: { port: 9091, path: '/metrics' },
      restart: { policy: 'on-failure', max_retries: 5 },
      stop_config: { timeout: '30s' },
    });
    expect(machine.services).toBeUndefined();
    expectValidMachineConfig(machine);
  });

  it('an app with a mount', async () => {
    const { config } = await loadFixture('mount.toml');
    const machine = machineConfigForGroup(config, 'app', undefined, IMAGE);
    expect(machine.mounts).toEqual([
      { path: '/data', name: 'notes_data', extend_threshold_percent: 80, add_size_gb: 1, size_gb_limit: 10 },
    ]);
    expect(machine['statics']).toEqual([
      { guest_path: '/app/public', url_prefix: '/static', tigris_bucket: '', index_document: '' },
    ]);
    expect(machine['files']).toEqual([
      { guest_path: '/etc/notes/config.yaml', raw_value: Buffer.from('level: info\n').toString('base64') },
      { guest_path: '/etc/notes/tls.pem', secret_name: 'TLS_CERT' },
    ]);
    expectValidMachineConfig(machine);
  });

  it('[deploy] with a release command and the canary strategy', async () => {
    const { config } = await loadFixture('deploy-release-canary.toml');
    const release = releaseCommandMachineConfig(config, IMAGE);
    expect(release).toEqual({
      image: IMAGE,
      init: { cmd: ['bin/rails', 'db:migrate'], swap_size_mb: 512 },
      restart: { policy: 'no' },
      auto_destroy: true,
      dns: { skip_registration: true },
      metadata: { fly_platform_version: 'v2', fly_process_group: 'fly_app_release_command' },
      env: {
        RAILS_ENV: 'production',
        RELEASE_COMMAND: '1',
        FLY_PROCESS_GROUP: 'fly_app_release_command',
        PRIMARY_REGION: 'iad',
      },
      guest: { cpu_kind: 'performance', cpus: 1, memory_mb: 2048 },
    });
    expectValidMachineConfig(release);
    expect(machineConfigForGroup(config, 'app').init).toEqual({ swap_size_mb: 512 });

    const defaults: DeploySettings = {
      app: '',
      strategy: 'rolling',
      maxUnavailable: 0.33,
      waitTimeoutMs: 300_000,
      releaseCommand: '',
      releaseCommandTimeoutMs: 300_000,
      image: '',
    };
    const resolved = resolveDeploySettings(
      { app: 'ledger-staging', waitTimeoutMs: 60_000 },
      config,
      defaults,
    );
    expect(resolved).toEqual({
      app: { value: 'ledger-staging', source: 'input' },
      strategy: { value: 'canary', source: 'fly.toml', key: 'deploy.strategy' },
      maxUnavailable: { value: 0.5, source: 'fly.toml', key: 'deploy.max_unavailable' },
      waitTimeoutMs: { value: 60_000, source: 'input' },
      releaseCommand: { value: 'bin/rails db:migrate', source: 'fly.toml', key: 'deploy.release_command' },
      releaseCommandTimeoutMs: { value: 600_000, source: 'fly.toml', key: 'deploy.release_command_timeout' },
      image: { value: '', source: 'default' },
    });
    expect(resolveDeploySettings({}, undefined, defaults).strategy).toEqual({
      value: 'rolling',
      source: 'default',
    });
  });

  it('env and secrets together', async () => {
    const { config, warnings } = await loadFixture('env-and-secrets.toml');
    // flyctl warns about [env] names that look like secrets (deploy/common_secrets.go).
    expect(warnings).toEqual([
      expect.objectContaining({
        key: 'env.STRIPE_API_KEY_NAME',
        line: 12,
        message: expect.stringContaining('secret'),
      }),
    ]);
    const withInput = withInputEnv(
      config,
      new Map([
        ['WORKERS', '5'],
        ['DEPLOYED_BY', 'ci'],
      ]),
    );
    const machine = machineConfigForGroup(withInput, 'app', undefined, IMAGE);
    expect(machine.env).toEqual({
      WORKERS: '5',
      FEATURE_FLAGS: 'true',
      RATIO: '0.25',
      STRIPE_API_KEY_NAME: 'stripe',
      DEPLOYED_BY: 'ci',
      FLY_PROCESS_GROUP: 'app',
      PRIMARY_REGION: 'lhr',
    });
    expect(machine['files']).toEqual([
      { guest_path: '/run/secrets/stripe.json', secret_name: 'STRIPE_JSON' },
    ]);
    expectValidMachineConfig(machine);
    // The input env does not change the loaded fly.toml.
    expect(config.env.get('WORKERS')).toBe('3');
  });

  it('a machine for a new group gets the default guest and is created in the primary region', async () => {
    const { config } = await loadFixture('web-http-service.toml');
    const fit = machineConfigForNewMachine(config, 'app', IMAGE);
    if (!fit.ok) throw new Error(fit.reason);
    // deploy.go takes flag.GetMachineGuest(nil): shared-cpu-1x when no [[vm]] sizes the group.
    expect(fit.config['guest']).toEqual({ cpu_kind: 'shared', cpus: 1, memory_mb: 256 });
    expect(fit.region).toBe('ams');
    expectValidMachineConfig(fit.config);
  });
});
