#!/usr/bin/env node
/** `npm run test:e2e`: builds the static site and runs the end-to-end tests in Chromium. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(
    `Chromium not found at ${chromium}: install it with "sudo apt-get install -y chromium" (or set CHROMIUM_PATH).`,
  );
  process.exit(1);
}
const step = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status === 0;
process.exit(
  step('npx', ['vite', 'build', '--logLevel', 'warn']) && step('npx', ['vitest', 'run', '--project', 'e2e']) ? 0 : 1,
);
