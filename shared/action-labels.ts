/**
 * What the game says while an action's transactions are under way ("Staking: sent, waiting for a
 * block"). The chain actions report progress under these names and the panels show them: one
 * name per action, written once.
 */
export const ActionLabel = {
  fractionalize: 'Fractionalizing',
  buyShares: 'Buying shares',
  stake: 'Staking',
  unstake: 'Unstaking',
  claimRewards: 'Claiming rewards',
  vote: 'Voting a reserve price',
  startBuyout: 'Starting the buyout',
  bid: 'Bidding',
  endBuyout: 'Ending the auction',
  cash: 'Cashing out',
  withdrawPayments: 'Withdrawing payments',
  redeem: 'Redeeming the parcel',
  buildRig: 'Building a rig',
  setStyle: 'Restyling the parcel',
  proposeStyle: 'Proposing a style',
  voteStyle: 'Voting on the style',
  settleStyle: 'Settling the style vote',
  addLiquidity: 'Adding to the pool',
  removeLiquidity: 'Removing from the pool',
  swap: 'Swapping',
  poolBuy: 'Buying shares in the pool',
  poolSell: 'Selling shares in the pool',
  oreBuy: 'Buying ORE',
  oreSell: 'Selling ORE',
} as const;

export type ActionLabel = (typeof ActionLabel)[keyof typeof ActionLabel];
