import { stripVTControlCharacters } from 'node:util';

/** Passed, failed and skipped tests of one suite. */
export interface Count {
  passed: number;
  failed: number;
  /** Skipped, pending or todo: not run, so not evidence either way (a missing Redis shows here). */
  skipped: number;
}

/**
 * Sums every "N passing"/"N failing"/"N pending" (mocha, Hardhat's Solidity runner) and
 * "# pass N"/"# fail N"/"# skipped N"/"# todo N" (node:test).
 */
export function countFromText(output: string): Count | null {
  const plain = stripVTControlCharacters(output);
  const count: Count = { passed: 0, failed: 0, skipped: 0 };
  const kinds: Record<string, keyof Count> = {
    passing: 'passed',
    failing: 'failed',
    pending: 'skipped',
    pass: 'passed',
    fail: 'failed',
    skipped: 'skipped',
    todo: 'skipped',
  };
  let found = false;
  for (const match of plain.matchAll(/^\s*(\d+) (passing|failing|pending)\b/gm)) {
    found = true;
    count[kinds[match[2] as string] as keyof Count] += Number(match[1]);
  }
  for (const match of plain.matchAll(/^# (pass|fail|skipped|todo) (\d+)$/gm)) {
    found = true;
    count[kinds[match[1] as string] as keyof Count] += Number(match[2]);
  }
  return found ? count : null;
}
