/**
 * How rigs move: pure functions of their inputs so tests pin them down.
 * A rotor turns faster the more hashes the parcel gets, on a log scale (browser miners span
 * thousands to millions of hashes per second): 1 kH/s = 1 turn/s, 1 MH/s = 2 turns/s, at most 3.
 */
export const MAX_TURNS_PER_SECOND = 3;
/** World units of rig (housing and mast) per rig level; the rig stands on its parcel's structure. */
export const RIG_LEVEL_HEIGHT = 0.5;
/** Seconds a rig glows after its parcel's solution was found. */
export const FLASH_SECONDS = 1.5;

/** Rotor speed in radians per second for a parcel hash rate in hashes per second. */
export function rotorSpeed(hashRate: number): number {
  if (!(hashRate > 0)) return 0;
  const turns = Math.min(MAX_TURNS_PER_SECOND, Math.log10(1 + hashRate) / 3);
  return turns * 2 * Math.PI;
}

/** Glow 1 → 0 over FLASH_SECONDS after a solution at `flashedAt` (s); 0 before and after. */
export function flashGlow(flashedAt: number, now: number): number {
  const age = now - flashedAt;
  if (!(age >= 0) || age >= FLASH_SECONDS) return 0;
  return 1 - age / FLASH_SECONDS;
}
