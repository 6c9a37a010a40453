import { describe, expect, it } from 'vitest';
import { cpuLine, nextCount } from './scale.ts';

/** The counts nextCount has tried when each passes while it is at most `max`. */
function tried(steps: number[], max: number, allSteps = false): number[] {
  const passed = new Map<number, boolean>();
  for (let n = nextCount(steps, passed, allSteps); n !== null; n = nextCount(steps, passed, allSteps))
    passed.set(n, n <= max);
  return [...passed.keys()];
}

describe('scale bench client counts', () => {
  it('steps up to the first failure, then halves the gap down to 10 % of the passing count', () => {
    expect(tried([50, 100, 200, 400, 800], 290)).toEqual([50, 100, 200, 400, 300, 250, 280]);
  });

  it('halves down to 10 clients when even the first step fails', () => {
    expect(tried([50, 100], 12)).toEqual([50, 30, 20, 10]);
  });

  it('ends at the last step when every step passes', () => {
    expect(tried([50, 100], 1_000)).toEqual([50, 100]);
  });

  it('tries every step and halves nothing when asked for all steps', () => {
    expect(tried([50, 100, 200], 60, true)).toEqual([50, 100, 200]);
  });
});

describe('scale bench CPU line', () => {
  it('splits the servers CPU into a fixed share and a cost per client', () => {
    // 10 % of a core with no clients, 0.2 % more per client: 2 ms of CPU a client-second
    const line = cpuLine([50, 100, 200].map((clients) => ({ clients, cpuPct: 10 + 0.2 * clients })));
    expect(line?.fixedPct).toBeCloseTo(10, 9);
    expect(line?.msPerClientS).toBeCloseTo(2, 9);
  });

  it('draws the least-squares line through scattered steps', () => {
    const line = cpuLine([
      { clients: 0, cpuPct: 1 },
      { clients: 10, cpuPct: 5 },
      { clients: 20, cpuPct: 5 },
    ]);
    expect(line?.fixedPct).toBeCloseTo(5 / 3, 9);
    expect(line?.msPerClientS).toBeCloseTo(2, 9);
  });

  it('draws no line through fewer than two client counts', () => {
    expect(cpuLine([])).toBeNull();
    expect(cpuLine([{ clients: 50, cpuPct: 20 }])).toBeNull();
    expect(
      cpuLine([
        { clients: 50, cpuPct: 20 },
        { clients: 50, cpuPct: 30 },
      ]),
    ).toBeNull();
  });
});
