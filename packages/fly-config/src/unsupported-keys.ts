/**
 * fly.toml keys flyctl reads that fly-deploy does not apply yet, by section (array indexes written as `[]`), with
 * why. A file using one fails naming it: deploying without it would silently run a different app than the file
 * describes. The README lists the same keys.
 */
export const UNSUPPORTED_KEYS: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map([
  [
    '',
    new Map([
      [
        'experimental',
        'its cmd/entrypoint/exec overrides are not applied yet; use [processes] for the command',
      ],
      ['machine_config', 'machine configs from a file (containers) are not applied yet'],
      ['container', 'multi-container machines are not applied yet'],
      ['machine_checks', 'test machines run by flyctl before a deploy are not supported yet'],
      [
        'host_dedication_id',
        'moving machines to dedicated hosts needs machine replacement, which fly-deploy does not do',
      ],
    ]),
  ],
  [
    'build',
    new Map([
      ['compose', 'compose files turn into multi-container machine configs, which are not applied yet'],
    ]),
  ],
  ['deploy', new Map([['seed_command', 'seed commands run by `fly launch` are not supported']])],
  [
    'http_service',
    new Map([['machine_checks', 'test machines run by flyctl before a deploy are not supported yet']]),
  ],
  [
    'services[]',
    new Map([['machine_checks', 'test machines run by flyctl before a deploy are not supported yet']]),
  ],
  [
    'mounts[]',
    new Map([
      ['initial_size', 'fly-deploy does not create volumes; create them with `fly volumes create`'],
      ['snapshot_retention', 'fly-deploy does not create volumes; set it with `fly volumes update`'],
      ['scheduled_snapshots', 'fly-deploy does not create volumes; set it with `fly volumes update`'],
    ]),
  ],
  ...['vm[]', 'compute[]', 'deploy.release_command_vm'].map(
    (section) =>
      [
        section,
        new Map([
          ['gpu_kind', 'GPU machines are not supported (flyctl no longer accepts them either)'],
          ['gpus', 'GPU machines are not supported (flyctl no longer accepts them either)'],
          [
            'host_dedication_id',
            'moving machines to dedicated hosts needs machine replacement, which fly-deploy does not do',
          ],
          [
            'persist_rootfs',
            'deprecated by Fly in favour of the machine rootfs setting, which is not applied yet',
          ],
        ]),
      ] as const,
  ),
]);

/** The section pattern of a key path's parent: indexes become `[]`, e.g. `['services', 0]` → `services[]`. */
export function sectionPattern(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += '[]';
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}
