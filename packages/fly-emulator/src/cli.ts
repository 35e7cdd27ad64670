import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { describeConfigIssues, EmulatorConfigSchema } from './config.ts';
import { startFlyEmulator } from './emulator.ts';

const USAGE = 'usage: fly-emulator --config <file.json> [--port <n>] [--help]';

const HELP = `${USAGE}

Serves Fly's Machines API (paths under /v1), the platform API's releases and logs (under /api/v1) and a proxy
per app on 127.0.0.1, then prints one JSON line {"api": ..., "apps": {...}} and runs until SIGINT or SIGTERM.

Options:
  --config <file.json>  the emulator config: organizations, tokens, images, apps, timing, rateLimits, faults
                        (see the package README); required
  --port <n>            the API's port (default: any free port)
  --help                print this help and exit

GET /_emulator/state (no token) shows apps, machines, releases and every API request served.
`;

function fail(message: string): never {
  process.stderr.write(`fly-emulator: ${message}\n`);
  process.exit(2);
}

/**
 * Runs the emulator from a JSON config file: prints one JSON line with the API and app URLs when ready, runs until
 * SIGINT/SIGTERM, then closes everything and exits 0. Bad arguments or config exit 2 listing every problem.
 */
async function main(argv: string[]): Promise<void> {
  let values: { config?: string | undefined; port?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string' },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help === true) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  if (values.config === undefined) fail(`--config is required\n${USAGE}`);
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`--port must be a port number, got "${values.port}"`);

  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(values.config, 'utf8'));
  } catch (error) {
    fail(`cannot read config ${values.config}: ${(error as Error).message}`);
  }
  const parsed = EmulatorConfigSchema.safeParse(raw);
  if (!parsed.success) {
    fail(
      `invalid config ${values.config}:\n${describeConfigIssues(parsed.error)
        .map((line) => `  - ${line}`)
        .join('\n')}`,
    );
  }

  const emulator = await startFlyEmulator(parsed.data, { port });
  const apps = Object.fromEntries(parsed.data.apps.map((app) => [app.name, emulator.appUrl(app.name)]));
  process.stdout.write(`${JSON.stringify({ api: emulator.apiUrl, apps })}\n`);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await emulator.close();
  process.exit(0);
}

await main(process.argv.slice(2));
