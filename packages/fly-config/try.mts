import { loadFlyToml, machineConfigForGroup } from './src/index.ts';
try {
  const { config, warnings } = await loadFlyToml(process.argv[2]!, 'fly.toml');
  console.log(warnings);
  console.log(JSON.stringify(machineConfigForGroup(config, 'app', undefined, 'img:1'), null, 1));
} catch (e) {
  console.log(String((e as Error).message));
}
