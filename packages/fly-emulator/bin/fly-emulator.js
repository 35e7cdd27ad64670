#!/usr/bin/env node
// The emulator is TypeScript run directly, which needs Node 24's type stripping.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `fly-emulator needs Node 24 or newer (it runs its TypeScript sources directly); this is Node ${process.versions.node}.`,
  );
  process.exit(1);
}
await import('../src/cli.ts');
