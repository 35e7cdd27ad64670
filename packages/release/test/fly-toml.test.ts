import { describe, expect, test } from '@jest/globals';
import type { FlyMachine } from '@deploy-actions/core';
import { parseFlyToml } from '@deploy-actions/fly-config';
import { DeployFailure } from '../src/index.ts';
import { fitFlyToml } from '../src/fly-toml.ts';

// Fitting fly.toml to an app happens before the first change; these cases need no emulator.

const IMAGE = 'registry.fly.io/notes:v2';

function machine(
  id: string,
  group: string,
  extra: Partial<NonNullable<FlyMachine['config']>> = {},
): FlyMachine {
  return {
    id,
    state: 'started',
    region: 'ams',
    version: '01',
    config: { image: 'registry.fly.io/notes:v1', metadata: { fly_process_group: group }, ...extra },
  };
}

const toml = (text: string) => parseFlyToml(text, { file: 'fly.toml' }).config;

describe('fitFlyToml', () => {
  test('gives each target its group config, plans new groups, and leaves dropped groups out', () => {
    const config = toml('[processes]\napp = "bin/web"\ncron = "bin/cron"\n[env]\nMODE = "x"\n');
    const machines = [machine('a1', 'app'), machine('w1', 'worker')];
    const fit = fitFlyToml(config, machines, machines, { image: IMAGE, processGroups: [] });
    expect([...fit.configs.keys()]).toEqual(['a1']);
    expect(fit.configs.get('a1')?.env).toEqual({ MODE: 'x', FLY_PROCESS_GROUP: 'app' });
    expect(fit.configs.get('a1')?.image).toBe(IMAGE);
    expect(fit.targets.map((m) => m.id)).toEqual(['a1']);
    expect(fit.groupsGone).toEqual(new Map([['worker', ['w1']]]));
    expect(fit.creations).toEqual([
      { group: 'cron', role: 'primary' },
      { group: 'cron', role: 'standby' },
    ]);
    expect(fit.notes).toEqual([expect.stringContaining('no primary_region')]);
  });

  test('refuses, before any change, every machine whose volume fly.toml would have to replace', () => {
    const config = toml(
      '[processes]\napp = "bin/web"\ndb = "bin/db"\n[[mounts]]\nsource = "other"\ndestination = "/data"\nprocesses = ["app", "db"]\n',
    );
    const withVolume = machine('a1', 'app', { mounts: [{ volume: 'vol_1', name: 'data', path: '/data' }] });
    const error = (() => {
      try {
        fitFlyToml(config, [withVolume], [withVolume], { image: IMAGE, processGroups: [] });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(DeployFailure);
    expect((error as DeployFailure).kind).toBe('config');
    // Both refusals at once: the renamed volume and the new group that would need a volume.
    expect((error as DeployFailure).message).toContain(
      'has volume "data" attached but fly.toml mounts "other"',
    );
    expect((error as DeployFailure).message).toContain('process group "db" mounts a volume');
  });
});
