import { describe, expect, it } from 'vitest';
import { defaultDeployParams, LOCAL_DEPLOY_PARAMS } from './deploy.ts';
import { parseDeployParams } from './deploy-params.ts';

describe('DEPLOY_PARAMS', () => {
  it('is empty when unset', () => {
    expect(parseDeployParams(undefined)).toEqual({});
    expect(parseDeployParams('  ')).toEqual({});
  });

  it('reads seconds as numbers and wei or targets as integer strings', () => {
    expect(
      parseDeployParams(
        '{"auctionLengthSec":60,"oreInitialTarget":"0x4000000000000000000000000000000000000000000000000000000000000000","rigBaseCost":"1000"}',
      ),
    ).toEqual({
      auctionLengthSec: 60,
      oreInitialTarget: 2n ** 254n,
      rigBaseCost: 1000n,
    });
  });

  it('runs buyout auctions for minutes locally and for a week (Fractional v1) elsewhere', () => {
    expect(defaultDeployParams(31337)).toEqual(LOCAL_DEPLOY_PARAMS);
    expect(LOCAL_DEPLOY_PARAMS).toMatchObject({ auctionLengthSec: 5 * 60, auctionExtensionSec: 60 });
    expect(defaultDeployParams(1)).toMatchObject({
      auctionLengthSec: 7 * 86_400,
      auctionExtensionSec: 15 * 60,
    });
  });

  it('keeps style votes open for minutes locally and for three days elsewhere', () => {
    expect(LOCAL_DEPLOY_PARAMS.styleVoteSec).toBe(5 * 60);
    expect(defaultDeployParams(1).styleVoteSec).toBe(3 * 86_400);
    expect(parseDeployParams('{"styleVoteSec":30}')).toEqual({ styleVoteSec: 30 });
    expect(() => parseDeployParams('{"styleVoteSec":0}')).toThrow(/^DEPLOY_PARAMS: styleVoteSec: /);
  });

  it('seeds an ORE/WETH pool locally, and elsewhere only when both amounts are given', () => {
    expect(LOCAL_DEPLOY_PARAMS.oreLiquiditySeed).toBeGreaterThan(0n);
    expect(defaultDeployParams(1)).toMatchObject({ oreLiquiditySeed: 0n, oreLiquidityWei: 0n });
    expect(parseDeployParams('{"oreLiquiditySeed":"1000","oreLiquidityWei":"5"}')).toEqual({
      oreLiquiditySeed: 1000n,
      oreLiquidityWei: 5n,
    });
  });

  it('takes the mining timings in seconds', () => {
    expect(parseDeployParams('{"oreRetargetPeriodSec":120,"oreRewardPeriodSec":60}')).toEqual({
      oreRetargetPeriodSec: 120,
      oreRewardPeriodSec: 60,
    });
    expect(() => parseDeployParams('{"oreRewardPeriodSec":0}')).toThrow(
      /^DEPLOY_PARAMS: oreRewardPeriodSec: /,
    );
  });

  it('retargets and streams rewards by the minute locally and by the day on other chains', () => {
    expect(defaultDeployParams(31337)).toEqual(LOCAL_DEPLOY_PARAMS);
    expect(LOCAL_DEPLOY_PARAMS.oreRetargetPeriodSec).toBe(5 * 60);
    expect(defaultDeployParams(1)).toEqual({
      ...LOCAL_DEPLOY_PARAMS,
      auctionLengthSec: 7 * 86_400,
      auctionExtensionSec: 15 * 60,
      styleVoteSec: 3 * 86_400,
      oreRetargetPeriodSec: 86_400,
      oreRewardPeriodSec: 86_400,
      oreLiquiditySeed: 0n,
      oreLiquidityWei: 0n,
    });
  });

  it('names what is wrong', () => {
    expect(() => parseDeployParams('{auction')).toThrow('DEPLOY_PARAMS must be JSON');
    expect(() => parseDeployParams('{"auctionLengthSec":-1}')).toThrow(/^DEPLOY_PARAMS: auctionLengthSec: /);
    expect(() => parseDeployParams('{"oreInitialTarget":12}')).toThrow(/^DEPLOY_PARAMS: oreInitialTarget: /);
    expect(() => parseDeployParams('{"worldRadius":5}')).toThrow(/^DEPLOY_PARAMS: value: Unrecognized key/);
  });
});
