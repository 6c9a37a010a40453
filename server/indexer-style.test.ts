import { JsonRpcProvider, Wallet } from 'ethers';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { landRegistryAbi, shareVaultAbi } from '../shared/contracts.ts';
import { decodeTopHolders } from '../shared/structures.ts';
import { typedContract } from '../shared/typed-contract.ts';
import { ONE_SHARE } from '../shared/units.ts';
import { parcelId } from '../shared/world.ts';
import { PLAYER_KEYS } from '../testing/keys.ts';
import { claimParcel, startTestChain, type TestChain } from '../testing/test-chain.ts';
import { marketPlayer } from '../testing/test-market.ts';
import { ChainIndexer } from './indexer.ts';

let chain: TestChain;
const log = pino({ level: 'silent' });

beforeAll(async () => {
  chain = await startTestChain({ styleVoteSec: 60 });
});

afterAll(async () => {
  await chain?.stop();
});

it("replays the parcels' styles, style votes and top holders: a restarted indexer has the same parcels", async () => {
  const { rpcUrl, deployment } = chain;
  const provider = new JsonRpcProvider(rpcUrl, deployment.chainId, { cacheTimeout: -1, staticNetwork: true });
  // plain wallets: each send asks the chain for its nonce (other helpers send from the same keys)
  const signer = (key: string) => new Wallet(key, provider);
  const [alice, bob] = [signer(PLAYER_KEYS[0]), signer(PLAYER_KEYS[1])];
  const mined = async (sent: Promise<{ wait(): Promise<unknown> }>) => void (await (await sent).wait());
  const indexer = new ChainIndexer({ rpcUrl, deployment, log, pollMs: 20 });
  indexer.start();
  try {
    // a whole parcel restyled by its owner
    await claimParcel(rpcUrl, deployment, PLAYER_KEYS[0], 4, 4);
    const land = typedContract(deployment.addresses.LandRegistry, landRegistryAbi, alice);
    await mined(land.setStyle(BigInt(parcelId(4, 4)), 1n, 6n));
    // a co-owned one: 1000 shares, 400 offered; Alice sends Bob 300 of her 600, Bob stakes 100 of them
    await claimParcel(rpcUrl, deployment, PLAYER_KEYS[0], -4, 4);
    const player = marketPlayer(rpcUrl, deployment, PLAYER_KEYS[0]);
    const vaultAddress = await player.fractionalize(-4, 4);
    player.close();
    const vault = (who: Wallet) => typedContract(vaultAddress, shareVaultAbi, who);
    await mined(vault(alice).transfer(await bob.getAddress(), 300n * ONE_SHARE));
    const bobMarket = marketPlayer(rpcUrl, deployment, PLAYER_KEYS[1]);
    await bobMarket.stake(vaultAddress, 100n * ONE_SHARE);
    bobMarket.close();
    // Bob proposes, Alice votes for; the vote closes and is settled
    await mined(vault(bob).proposeStyle(2n, 7n));
    await mined(vault(alice).voteStyle(true));
    const coOwned = parcelId(-4, 4);
    await indexer.caughtUp();
    await expect.poll(() => indexer.parcels().find((p) => p.id === coOwned)?.styleVoteEnd).toBeGreaterThan(0);
    await provider.send('evm_increaseTime', [61]);
    await mined(vault(bob).settleStyle());
    const head = await provider.getBlockNumber();
    await expect.poll(() => indexer.status().indexedBlock).toBeGreaterThanOrEqual(head);

    const live = indexer.parcels().sort((a, b) => a.id - b.id);
    expect(live.find((p) => p.id === parcelId(4, 4))).toMatchObject({ style: 1, palette: 6, topHolders: '' });
    const record = live.find((p) => p.id === coOwned);
    expect(record).toMatchObject({ style: 2, palette: 7, styleVoteEnd: 0 });
    // the 400 offered in the vault get no band; Bob's staked 100 still count for him
    expect(decodeTopHolders(record?.topHolders).map((holder) => holder.part)).toEqual([0.3, 0.3]);

    // a fresh indexer replays the chain from the deployment block to the same parcels
    const replay = new ChainIndexer({ rpcUrl, deployment, log, pageSize: 3, pollMs: 20 });
    replay.start();
    try {
      await replay.caughtUp();
      expect(replay.parcels().sort((a, b) => a.id - b.id)).toEqual(live);
    } finally {
      await replay.stop();
    }
  } finally {
    await indexer.stop();
    provider.destroy();
  }
}, 60_000);
