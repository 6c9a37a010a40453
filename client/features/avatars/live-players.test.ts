import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlayerView } from '../../../shared/state.ts';
import { INTERPOLATION_DELAY_MS, interpolatePose, LivePlayers, type Pose } from './live-players.ts';

function view(x: number, z: number, heading = 0): PlayerView {
  return { address: 'guest-1', name: 'Ada', color: '#ff0000', x, z, heading, miningParcel: -1, hashRate: 0 };
}

describe('interpolatePose', () => {
  it('moves linearly between the snapshots around t and holds at both ends', () => {
    const snapshots = [
      { t: 0, x: 0, z: 0, heading: 0 },
      { t: 50, x: 10, z: -5, heading: 0 },
    ];
    const pose: Pose = { x: 0, z: 0, heading: 0 };
    interpolatePose(snapshots, 25, pose);
    expect(pose).toEqual({ x: 5, z: -2.5, heading: 0 });
    interpolatePose(snapshots, -10, pose);
    expect(pose).toEqual({ x: 0, z: 0, heading: 0 });
    interpolatePose(snapshots, 80, pose);
    expect(pose).toEqual({ x: 10, z: -5, heading: 0 });
  });

  it('turns the short way round', () => {
    const pose: Pose = { x: 0, z: 0, heading: 0 };
    interpolatePose(
      [
        { t: 0, x: 0, z: 0, heading: Math.PI - 0.1 },
        { t: 10, x: 0, z: 0, heading: -Math.PI + 0.1 },
      ],
      5,
      pose,
    );
    expect(Math.abs(pose.heading - Math.PI)).toBeLessThan(1e-9);
  });

  it('never leaves the segment between neighbouring snapshots (no overshoot, no jitter back)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 1, max: 100 }), fc.double({ min: -150, max: 150, noNaN: true })),
          {
            minLength: 2,
            maxLength: 4,
          },
        ),
        fc.double({ min: -50, max: 500, noNaN: true }),
        (steps, t) => {
          let time = 0;
          const snapshots = steps.map(([dt, x]) => {
            time += dt;
            return { t: time, x, z: 0, heading: 0 };
          });
          const pose: Pose = { x: 0, z: 0, heading: 0 };
          interpolatePose(snapshots, t, pose);
          const xs = snapshots.map((s) => s.x);
          expect(pose.x).toBeGreaterThanOrEqual(Math.min(...xs) - 1e-9);
          expect(pose.x).toBeLessThanOrEqual(Math.max(...xs) + 1e-9);
        },
      ),
    );
  });
});

describe('LivePlayers', () => {
  it('draws a player behind the patches and reports motion until the last one is reached', () => {
    const live = new LivePlayers();
    live.put('a', view(0, 0), 1_000);
    live.put('a', view(1, 0), 1_050);
    live.put('a', view(2, 0), 1_100);
    expect(live.update(1_075 + INTERPOLATION_DELAY_MS)).toBe(true);
    expect(live.players.get('a')?.pose.x).toBeCloseTo(1.5);
    expect(live.update(1_200 + INTERPOLATION_DELAY_MS)).toBe(false);
    expect(live.players.get('a')?.pose.x).toBe(2);
  });

  it('keeps a bounded history, ignores repeats and counts joins and leaves', () => {
    const live = new LivePlayers();
    for (let i = 0; i < 10; i++) live.put('a', view(i, 0), i * 50);
    live.put('a', view(9, 0), 600);
    expect(live.players.get('a')?.snapshots.map((s) => s.x)).toEqual([6, 7, 8, 9]);
    live.put('b', view(0, 0), 0);
    live.remove('a');
    live.remove('missing');
    expect(live.roster).toBe(3);
    expect([...live.players.keys()]).toEqual(['b']);
  });
});
