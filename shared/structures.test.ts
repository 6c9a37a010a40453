import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParcelView } from './state.ts';
import { PALETTE, StructureStyle } from './structure-styles.ts';
import {
  BODY_LIGHTNESS,
  BUYOUT_HUE,
  decodeTopHolders,
  encodeTopHolders,
  HEIGHT_PER_RIG_LEVEL,
  largestHolders,
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

  it('paints the chosen style in the chosen colour, and a hall keeps its buyout band', () => {
    const jade = PALETTE[4]?.hue as number;
    const house = structureOf(view({ style: StructureStyle.Crowned, palette: 4 }));
    expect(house?.bands).toEqual([
      { hue: jade, lightness: BODY_LIGHTNESS, share: 0.75 },
      { hue: jade, lightness: STRIPE_LIGHTNESS, share: 0.25 },
    ]);
    const tower = structureOf(
      view({ status: ParcelStatus.Fractional, style: StructureStyle.Solid, palette: 4 }),
      [{ address: address(7), balance: 10n }],
    );
    expect(tower?.bands).toEqual([{ hue: jade, lightness: BODY_LIGHTNESS, share: 1 }]);
    const hall = structureOf(
      view({ status: ParcelStatus.Buyout, style: StructureStyle.Striped, palette: 4 }),
    );
    expect(hall?.bands.length).toBe(MAX_BANDS);
    expect(hall?.bands.at(-1)).toEqual({ hue: BUYOUT_HUE, lightness: BODY_LIGHTNESS, share: 0.4 });
    expect(sumOf(hall?.bands.map((band) => band.share) ?? [])).toBeCloseTo(1, 9);
    // a palette colour alone recolours the generated look
    expect(structureOf(view({ palette: 4 }))?.bands).toEqual([
      { hue: jade, lightness: BODY_LIGHTNESS, share: 1 },
    ]);
  });

  it('bands a tower by the top holders the room sends, as parts of the whole supply', () => {
    const holders = [
      { address: address(1), balance: 500n },
      { address: address(2), balance: 300n },
      { address: address(3), balance: 100n },
      { address: address(4), balance: 60n },
      { address: address(5), balance: 40n },
    ];
    const parts = largestHolders(holders, 1000n, new Set([address(1)]));
    const text = encodeTopHolders(parts);
    expect(text).toBe(
      `${ownerHue(address(2))}:3000,${ownerHue(address(3))}:1000,${ownerHue(address(4))}:600`,
    );
    expect(decodeTopHolders(`${text},junk,300:5,7:10001`)).toEqual(parts);
    const tower = structureOf(view({ status: ParcelStatus.Fractional, topHolders: text }));
    expect(tower?.bands.map((band) => band.share)).toEqual([0.3, 0.1, 0.06, expect.closeTo(0.54, 9)]);
    expect(tower?.bands[0]?.hue).toBe(ownerHue(address(2)));
    expect(encodeTopHolders(largestHolders([], 0n))).toBe('');
  });
});
