import { stripVTControlCharacters } from 'node:util';

/** Passed and failed tests of one suite. */
export interface Count {
  passed: number;
  failed: number;
}

/** Sums every "N passing"/"N failing" (mocha, Hardhat's Solidity runner) and "# pass N"/"# fail N" (node:test). */
export function countFromText(output: string): Count | null {
  const plain = stripVTControlCharacters(output);
  let passed = 0;
  let failed = 0;
  let found = false;
  for (const match of plain.matchAll(/^\s*(\d+) (passing|failing)\b/gm)) {
    found = true;
    if (match[2] === 'passing') passed += Number(match[1]);
    else failed += Number(match[1]);
  }
  for (const match of plain.matchAll(/^# (pass|fail) (\d+)$/gm)) {
    found = true;
    if (match[1] === 'pass') passed += Number(match[2]);
    else failed += Number(match[2]);
  }
  return found ? { passed, failed } : null;
}
