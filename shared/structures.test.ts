import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParcelView } from './state.ts';
import {
  BODY_LIGHTNESS,
  BUYOUT_HUE,
  HEIGHT_PER_RIG_LEVEL,
  MAX_BANDS,
  STRIPE_LIGHTNESS,
  StructureKind,
  structureHeight,
  structureOf,
} from './structures.ts';
import { ownerHue, ParcelStatus } from './world.ts';

const OWNER = '0x00000000000000000000000000000000000000a1';
const view = (patch: Partial<ParcelView> = {}) => ({
  status: ParcelStatus.Owned,
  owner: OWNER,
  rigLevel: 1,
  hashRate: 0,
  ...patch,
});
const address = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;
const sumOf = (shares: number[]) => shares.reduce((a, b) => a + b, 0);

describe('structureOf', () => {
  it('leaves unclaimed land empty', () => {
    expect(structureOf(view({ status: ParcelStatus.Unclaimed }))).toBeNull();
  });

  it('picks the kind by status and hash rate', () => {
    expect(structureOf(view())?.kind).toBe(StructureKind.House);
    expect(structureOf(view({ hashRate: 10 }))?.kind).toBe(StructureKind.Workshop);
    expect(structureOf(view({ status: ParcelStatus.Fractional }))?.kind).toBe(StructureKind.Tower);
    expect(structureOf(view({ status: ParcelStatus.Buyout }))?.kind).toBe(StructureKind.Hall);
  });

  it("is in the owner's colour, the auction hall with a band of buyout orange on top", () => {
    expect(structureOf(view())?.bands).toEqual([
      { hue: ownerHue(OWNER), lightness: BODY_LIGHTNESS, share: 1 },
    ]);
    const hall = structureOf(view({ status: ParcelStatus.Buyout }));
    expect(hall?.bands.map((band) => band.hue)).toEqual([ownerHue(OWNER), BUYOUT_HUE]);
  });

  it('grows with the rig level and the hash rate, within bounds', () => {
    const level1 = structureHeight(StructureKind.House, 1, 0);
    expect(structureHeight(StructureKind.House, 2, 0) - level1).toBeCloseTo(HEIGHT_PER_RIG_LEVEL);
    expect(structureHeight(StructureKind.Tower, 1, 0)).toBeGreaterThan(level1);
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.values(StructureKind)),
        fc.integer({ min: -5, max: 1_000 }),
        fc.integer({ min: -5, max: 1_000 }),
        fc.double({ min: -1, max: 1e15, noNaN: true }),
        fc.double({ min: -1, max: 1e15, noNaN: true }),
        (kind, levelA, levelB, rateA, rateB) => {
          const [lowLevel, highLevel] = levelA <= levelB ? [levelA, levelB] : [levelB, levelA];
          const [lowRate, highRate] = rateA <= rateB ? [rateA, rateB] : [rateB, rateA];
          const low = structureHeight(kind, lowLevel, lowRate);
          const high = structureHeight(kind, highLevel, highRate);
          expect(low).toBeLessThanOrEqual(high);
          expect(low).toBeGreaterThan(0);
          expect(high).toBeLessThan(8);
        },
      ),
    );
  });

  it('stripes a co-owned tower like its land while its holders are unknown', () => {
    const tower = structureOf(view({ status: ParcelStatus.Fractional }));
    expect(tower?.bands.map((band) => band.lightness)).toEqual([
      BODY_LIGHTNESS,
      STRIPE_LIGHTNESS,
      BODY_LIGHTNESS,
      STRIPE_LIGHTNESS,
    ]);
  });

  it('bands a co-owned tower by its largest holders, largest at the bottom, as tall as their part', () => {
    const holders = [
      { address: address(3), balance: 100n },
      { address: address(1), balance: 500n },
      { address: address(2), balance: 300n },
      { address: address(4), balance: 50n },
      { address: address(5), balance: 50n },
    ];
    const tower = structureOf(view({ status: ParcelStatus.Fractional }), holders);
    expect(tower?.bands.map((band) => band.hue)).toEqual([
      ownerHue(address(1)),
      ownerHue(address(2)),
      ownerHue(address(3)),
      ownerHue(OWNER),
    ]);
    expect(tower?.bands.map((band) => band.share)).toEqual([0.5, 0.3, 0.1, expect.closeTo(0.1)]);
    expect(tower?.bands.at(-1)?.lightness).toBe(STRIPE_LIGHTNESS);
  });

  it('always gives 1 to MAX_BANDS bands that fill the height', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            address: fc.integer({ min: 1, max: 50 }).map(address),
            balance: fc.bigInt(-5n, 10n ** 24n),
          }),
        ),
        (holders) => {
          const tower = structureOf(view({ status: ParcelStatus.Fractional }), holders);
          const bands = tower?.bands ?? [];
          expect(bands.length).toBeGreaterThanOrEqual(1);
          expect(bands.length).toBeLessThanOrEqual(MAX_BANDS);
          expect(sumOf(bands.map((band) => band.share))).toBeCloseTo(1, 6);
          for (const band of bands) expect(band.share).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it('is deterministic: the same state gives the same structure in any holder order', () => {
    const holders = [
      { address: address(7), balance: 10n },
      { address: address(8), balance: 10n },
    ];
    const a = structureOf(view({ status: ParcelStatus.Fractional }), holders);
    const b = structureOf(view({ status: ParcelStatus.Fractional }), [...holders].reverse());
    expect(a).toEqual(b);
  });
});
