/**
 * Gas a Uniswap V2 pair may spend beyond an estimate made within the second of its last update:
 * the first trade of a new block timestamp writes both price accumulators, the first time ever two
 * zero-to-nonzero writes of cold slots, 2 × (20,000 + 2,100). A swap estimated within the
 * pool-creating block's second (142,757 gas) and mined a second later needed 186,957: 30 %
 * headroom alone (185,584) ran out and the transaction reverted on chain.
 */
export const PAIR_ACCUMULATOR_GAS = 2n * (20_000n + 2_100n);
