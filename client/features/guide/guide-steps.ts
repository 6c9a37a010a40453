import type { Holdings } from '../chain/chain-actions.ts';

/** The first visit's steps, in the order the game teaches them. */
export const GUIDE_STEPS = [
  {
    id: 'walk',
    title: 'Walk',
    how: 'Walk your avatar with W, A, S, D or the arrow keys (on a touch screen, the arrow pad).',
  },
  { id: 'claim', title: 'Claim', how: 'Pick a free parcel on the map and press Claim.' },
  {
    id: 'fractionalize',
    title: 'Fractionalize',
    how: "In your parcel's panel, press Fractionalize: it becomes 1,000 shares.",
  },
  {
    id: 'buy',
    title: 'Buy',
    how: "Buy shares of someone else's parcel from its Offering or Pool (the Market lists them).",
  },
  { id: 'stake', title: 'Stake', how: 'Stake shares in the Staking panel: they earn ORE.' },
  { id: 'mine', title: 'Mine', how: 'Pick a parcel with a rig and press Start mining here.' },
] as const;

export type GuideStepId = (typeof GUIDE_STEPS)[number]['id'];

/** What the app knows that tells a step done: the avatar's walk, the chain's holdings, mining. */
export interface GuideFacts {
  /** The avatar has walked away from where it joined. */
  walked: boolean;
  /** The player's address (null: no wallet). */
  address: string | null;
  /** The player's holdings read from the chain (null: not read yet). */
  holdings: Holdings | null;
  /** Work shares the server accepted and solutions mined this session. */
  mined: number;
}

/**
 * The steps the facts show done. A parcel in a vault the player curates was claimed and then
 * fractionalized by them; shares (held or staked) of a vault someone else curates were bought.
 */
export function stepsDone({ walked, address, holdings, mined }: GuideFacts): Set<GuideStepId> {
  const done = new Set<GuideStepId>();
  if (walked) done.add('walk');
  if (mined > 0) done.add('mine');
  if (!address || !holdings) return done;
  const me = address.toLowerCase();
  const curated = holdings.positions.some((p) => p.curator.toLowerCase() === me);
  if (holdings.parcels.length > 0 || curated) done.add('claim');
  if (curated) done.add('fractionalize');
  if (holdings.positions.some((p) => p.curator.toLowerCase() !== me && p.shares + p.staked > 0n))
    done.add('buy');
  if (holdings.positions.some((p) => p.staked > 0n || p.earned > 0n)) done.add('stake');
  return done;
}
