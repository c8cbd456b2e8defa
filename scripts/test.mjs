#!/usr/bin/env node
/**
 * `npm test`: every check there is, in order, then one closing line `N passed, N failed` totalled
 * over all runners. Steps: lint, type check, unit + component tests (Vitest), build the static
 * site, end-to-end tests in Chromium against it. A step that is not a test runner counts as one
 * check. Exits non-zero when anything failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const OUT = join(process.cwd(), 'test-results');
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

let passed = 0;
let failed = 0;
const summary = [];

function run(label, cmd, args, env = {}) {
  process.stdout.write(`\n=== ${label}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

function check(label, ok) {
  if (ok) passed++;
  else failed++;
  summary.push(`${ok ? 'ok  ' : 'FAIL'} ${label}`);
}

function vitest(label, projects, report) {
  const args = [
    'vitest',
    'run',
    ...projects.flatMap((p) => ['--project', p]),
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ];
  const ok = run(label, 'npx', args);
  if (!existsSync(report)) {
    check(`${label} (no report)`, false);
    return ok;
  }
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  const suiteErrors = (r.testResults ?? []).filter(
    (f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0,
  ).length;
  failed += suiteErrors;
  summary.push(
    `${ok ? 'ok  ' : 'FAIL'} ${label}: ${r.numPassedTests} passed, ${r.numFailedTests + suiteErrors} failed`,
  );
  if (r.numTotalTests === 0) check(`${label} ran no test`, false);
  return ok;
}

check('lint (eslint + prettier)', run('lint', 'npm', ['run', '--silent', 'lint']));
check('type check (svelte-check)', run('type check', 'npm', ['run', '--silent', 'check']));
vitest('unit + component tests', ['unit', 'component'], join(OUT, 'unit.json'));
const built = run('build', 'npx', ['vite', 'build', '--logLevel', 'warn']);
check('build (static site)', built);

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  process.stdout.write(
    `\nChromium not found at ${chromium}: install it with "sudo apt-get install -y chromium" (or set CHROMIUM_PATH).\n`,
  );
  check('end-to-end tests (Chromium missing)', false);
} else if (built) {
  vitest('end-to-end tests (Chromium)', ['e2e'], join(OUT, 'e2e.json'));
} else {
  check('end-to-end tests (skipped: build failed)', false);
}

process.stdout.write(`\n${summary.join('\n')}\n\n${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
