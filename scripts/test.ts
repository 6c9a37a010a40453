/**
 * `npm test`: every suite in turn (type check, lint, import directions, unit + server, contracts,
 * end to end), each run even when an earlier one failed, and one closing line `N passed, N failed,
 * N skipped` summing them all: a test that skipped itself (no Redis on the machine) shows there
 * instead of passing silently. Exits non-zero when anything failed.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Count, countFromText } from './test-counts.ts';

interface Suite {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  /** Reads the suite's own counts; a suite without one counts as one check. */
  count?: (output: string) => Promise<Count | null>;
}

const reports = resolve('.tmp/test-reports');

async function readJson<T>(path: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return null;
  }
}

const suites: Suite[] = [
  // Compiled once up front: the unit, server and end-to-end suites deploy these artifacts.
  { name: 'compile contracts', command: 'hardhat', args: ['build', '--quiet'] },
  { name: 'type check', command: 'tsc', args: ['--noEmit', '-p', '.'] },
  { name: 'lint + format', command: 'biome', args: ['ci', '.'] },
  // Which way imports flow (.dependency-cruiser.cjs): no cycles, no test support in the product,
  // features over the base, never beside each other.
  {
    name: 'import directions',
    command: 'depcruise',
    args: [
      '--config',
      '.dependency-cruiser.cjs',
      'client',
      'server',
      'shared',
      'workers',
      'scripts',
      'testing',
    ],
  },
  // Solidity: the contracts under OpenZeppelin-style rules, the tests under their own (attackers
  // may use low-level calls); a warning fails like an error.
  {
    name: 'solhint contracts',
    command: 'solhint',
    args: ['--disc', '--max-warnings', '0', 'contracts/src/**/*.sol'],
  },
  {
    name: 'solhint tests',
    command: 'solhint',
    args: ['--disc', '--max-warnings', '0', '-c', 'contracts/test/.solhint.json', 'contracts/test/**/*.sol'],
  },
  {
    name: 'unit + server',
    command: 'vitest',
    args: ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${reports}/vitest.json`],
    async count() {
      const report = await readJson<{
        numPassedTests: number;
        numFailedTests: number;
        numPendingTests: number;
        numTodoTests: number;
        numTotalTestSuites: number;
        numFailedTestSuites: number;
      }>(`${reports}/vitest.json`);
      if (!report) return null;
      // A test file that fails to load has no failed test but a failed suite.
      return {
        passed: report.numPassedTests,
        failed: report.numFailedTests + (report.numFailedTests === 0 ? report.numFailedTestSuites : 0),
        skipped: report.numPendingTests + report.numTodoTests,
      };
    },
  },
  { name: 'contracts', command: 'hardhat', args: ['test'], count: async (output) => countFromText(output) },
  {
    name: 'end to end',
    command: 'playwright',
    args: ['test', '--reporter=list,json'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: `${reports}/playwright.json` },
    async count() {
      const report = await readJson<{
        stats: { expected: number; unexpected: number; flaky: number; skipped: number };
      }>(`${reports}/playwright.json`);
      return report
        ? {
            passed: report.stats.expected + report.stats.flaky,
            failed: report.stats.unexpected,
            skipped: report.stats.skipped,
          }
        : null;
    },
  },
];

/** The closing line's form, which .ci/run looks for. */
const summary = (count: Count) => `${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped`;

async function run(suite: Suite): Promise<Count> {
  console.log(`\n=== ${suite.name}: ${suite.command} ${suite.args.join(' ')}`);
  const child = spawn(suite.command, suite.args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...suite.env },
  });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      (stream === child.stdout ? process.stdout : process.stderr).write(text);
    });
  }
  const [code] = (await once(child, 'exit')) as [number | null];
  const counted = suite.count ? await suite.count(output) : null;
  const count = counted ?? { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0 };
  // A runner that exits non-zero must never count as green, whatever it printed.
  if (code !== 0 && count.failed === 0) count.failed = 1;
  console.log(`=== ${suite.name}: ${summary(count)} (exit ${code})`);
  return count;
}

async function main(): Promise<void> {
  await rm(reports, { recursive: true, force: true });
  await mkdir(reports, { recursive: true });
  const only = process.argv.slice(2);
  const total: Count = { passed: 0, failed: 0, skipped: 0 };
  for (const suite of suites) {
    if (only.length > 0 && !only.some((name) => suite.name.includes(name))) continue;
    const count = await run(suite);
    total.passed += count.passed;
    total.failed += count.failed;
    total.skipped += count.skipped;
  }
  console.log(`\n${summary(total)}`);
  process.exit(total.failed === 0 && total.passed > 0 ? 0 : 1);
}

await main();
