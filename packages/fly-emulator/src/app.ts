import { createHash } from 'node:crypto';
import type { AppConfig } from './config.ts';
import { formatGoDuration } from './duration.ts';
import type { MachineContext, NewMachine } from './machine.ts';
import { Machine } from './machine.ts';
import type { MachineConfig } from './machine-config.ts';
import { ReleaseLog } from './releases.ts';

/** One app secret; its value never leaves the emulator through the API. */
interface Secret {
  value: string;
  digest: string;
  createdAt: string;
  updatedAt: string;
}

/** An emulated app: its machines (in creation order) and its secrets. */
export class App {
  readonly name: string;
  readonly org: string;
  readonly machines = new Map<string, Machine>();
  secretsVersion = 1;
  /** Releases recorded through the platform API, as flyctl records them. */
  readonly releases = new ReleaseLog();
  readonly #secrets = new Map<string, Secret>();
  readonly #ctx: MachineContext;

  constructor(ctx: MachineContext, config: AppConfig) {
    this.#ctx = {
      ...ctx,
      secrets: () => new Map([...this.#secrets].map(([name, secret]) => [name, secret.value])),
    };
    this.name = config.name;
    this.org = config.org;
    for (const [name, value] of Object.entries(config.secrets)) this.#putSecret(name, value);
    for (let i = 0; i < config.machines; i++) {
      const machine = this.createMachine({
        config: initialConfig(config),
        region: config.regions[i % config.regions.length]!,
      });
      machine.launch();
    }
  }

  /** Creates a machine (not yet launched). */
  createMachine(init: NewMachine): Machine {
    const machine = new Machine(this.#ctx, init);
    this.machines.set(machine.id, machine);
    return machine;
  }

  /** Secret names and digests, never values (the spec's `AppSecret` without `value`). */
  listSecrets(): { name: string; digest: string; created_at: string; updated_at: string }[] {
    return [...this.#secrets].map(([name, s]) => ({
      name,
      digest: s.digest,
      created_at: s.createdAt,
      updated_at: s.updatedAt,
    }));
  }

  /** Sets (string) or removes (null) secrets in one new version, which it returns. */
  updateSecrets(values: Record<string, string | null>): number {
    for (const [name, value] of Object.entries(values)) {
      if (value === null) this.#secrets.delete(name);
      else this.#putSecret(name, value);
    }
    this.secretsVersion += 1;
    return this.secretsVersion;
  }

  #putSecret(name: string, value: string): void {
    const now = new Date().toISOString();
    const digest = createHash('sha256').update(value).digest('hex').slice(0, 16);
    this.#secrets.set(name, {
      value,
      digest,
      createdAt: this.#secrets.get(name)?.createdAt ?? now,
      updatedAt: now,
    });
  }
}

/** The config flyctl would give an app's machines on its first deploy. */
function initialConfig(app: AppConfig): MachineConfig {
  const checks = app.checks && [
    {
      type: 'http',
      method: 'GET',
      path: app.checks.path,
      port: 8080,
      interval: formatGoDuration(app.checks.intervalMs),
      timeout: formatGoDuration(app.checks.timeoutMs),
      grace_period: '0s',
    },
  ];
  return {
    image: app.image,
    env: { ...app.env, PRIMARY_REGION: app.regions[0]! },
    guest: { cpu_kind: 'shared', cpus: 1, memory_mb: 256 },
    restart: { policy: 'on-failure' },
    services: [
      {
        protocol: 'tcp',
        internal_port: 8080,
        autostop: 'off',
        ports: [
          { port: 80, handlers: ['http'], force_https: true },
          { port: 443, handlers: ['tls', 'http'] },
        ],
        ...(checks ? { checks } : {}),
      },
    ],
    metadata: {
      fly_platform_version: 'v2',
      fly_process_group: app.processGroup,
      fly_release_id: 'emulated-1',
      fly_release_version: '1',
      fly_flyctl_version: '0.3.0',
    },
  };
}
