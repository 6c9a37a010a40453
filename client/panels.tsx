import { useState } from 'react';
import type { ParcelView } from '../shared/state.ts';
import { NameTag } from './features/avatars/name-tag.tsx';
import { BuyoutPanel } from './features/buyout/buyout-panel.tsx';
import { GoToBox } from './features/camera/go-to-box.tsx';
import { holdsAnything } from './features/chain/holds-anything.ts';
import { usePastVault } from './features/chain/use-past-vault.ts';
import { useVaultPosition } from './features/chain/use-position.ts';
import { ChatPanel } from './features/chat/chat-panel.tsx';
import { ActivityFeed } from './features/feed/activity-feed.tsx';
import { GuideDock } from './features/guide/guide.tsx';
import { LeaderboardButton } from './features/leaderboard/leaderboard-button.tsx';
import { MarketButton } from './features/market/market-button.tsx';
import { MarketOverlay } from './features/market/market-overlay.tsx';
import { Minimap } from './features/minimap/minimap.tsx';
import type { MiningController } from './features/mining/mining-controller.ts';
import { MiningPanel } from './features/mining/mining-panel.tsx';
import { ParcelInspector } from './features/parcel/inspector.tsx';
import { ParcelTooltip } from './features/parcel/tooltip.tsx';
import { ParcelCount } from './features/portfolio/parcel-count-view.tsx';
import { Portfolio } from './features/portfolio/portfolio.tsx';
import { RigPanel } from './features/rigs/rig-panel.tsx';
import { StakingPanel } from './features/staking/staking-panel.tsx';
import { ParcelStory } from './features/story/parcel-story.tsx';
import { StylePanel } from './features/style/style-panel.tsx';
import { FractionalizeForm } from './features/trade/fractionalize-form.tsx';
import { OfferingPanel } from './features/trade/offering-panel.tsx';
import { OreWallet } from './features/trade/ore-wallet.tsx';
import { PoolPanel } from './features/trade/pool-panel.tsx';
import { WalkPad } from './features/walk-pad/walk-pad.tsx';
import { WalletBar } from './features/wallet/wallet-bar.tsx';

/**
 * Everything over the world's edges: wallet bar, minimap, feed, chat, inspector, mining, guide.
 * The one place feature panels meet: the wallet bar opens the portfolio, the inspector shows the
 * parcel's action panels and its story (which stays open from parcel to parcel). Loaded after
 * the world (layout.tsx).
 */
export function Panels({ mining }: { mining: MiningController }) {
  return (
    <>
      <WalletBar
        portfolio={(close) => <Portfolio onClose={close} />}
        tools={
          <>
            <NameTag />
            <MarketButton />
            <LeaderboardButton />
          </>
        }
        parcels={(owned) => <ParcelCount fallback={owned} />}
        ore={(oreWei) => <OreWallet oreWei={oreWei} />}
      />
      <div className="column top-left">
        <Minimap controls={<MarketOverlay />} />
        <GoToBox />
      </div>
      <div className="column left">
        <ActivityFeed />
        <ChatPanel />
      </div>
      <div className="column right">
        {/* keyed by parcel: another parcel starts with fresh panels (and no last action's line) */}
        <ParcelInspector
          actions={(parcel, mine) => <ParcelActions key={parcel.id} parcel={parcel} mine={mine} />}
          story={(parcel) => <ParcelStory parcelId={parcel.id} />}
        />
        <MiningPanel controller={mining} />
      </div>
      <GuideDock />
      <WalkPad />
      <ParcelTooltip />
    </>
  );
}

/**
 * What the player can do with a claimed parcel: fractionalize it, trade, stake and bid in its
 * vault, choose its style (co-owners by vote), build its rig. A vault the parcel left (bought out or redeemed; the room no longer names
 * it, the chain does) shows while the player holds anything there (shares to cash, a stake, ORE,
 * refunds, pool tokens); once shown, its panels stay in place while the parcel is shown, so the
 * line confirming the player's last cash-out stays until the inspector closes or another parcel
 * is picked (the layout keys this by parcel).
 */
function ParcelActions({ parcel, mine }: { parcel: ParcelView; mine: boolean }) {
  const current = parcel.vault || null;
  // the vault the parcel was in while shown: when the parcel leaves it, its panels carry on in place
  const [seen, setSeen] = useState(current);
  if (current && current !== seen) setSeen(current);
  const past = usePastVault(current || seen ? null : parcel.id);
  const { position, error, refresh } = useVaultPosition(current ?? seen ?? past);
  const [shown, setShown] = useState(false);
  const show = position !== null && (current !== null || shown || holdsAnything(position));
  // state from earlier renders, set while rendering as React allows (no effect, no extra frame)
  if (show && !shown) setShown(true);
  return (
    <>
      {mine && !current && <FractionalizeForm parcelId={parcel.id} />}
      {current && error && <p role="alert">{error}</p>}
      {current && !position && !error && <p>Reading the vault from the chain…</p>}
      {current && position && <OfferingPanel position={position} refresh={refresh} />}
      {/* one slot for the vault's panels, current or past: React keeps their state across the change */}
      {show && (
        <>
          <PoolPanel position={position} refresh={refresh} />
          <StakingPanel position={position} refresh={refresh} />
          <BuyoutPanel position={position} refresh={refresh} />
        </>
      )}
      <StylePanel parcel={parcel} mine={mine} />
      <RigPanel parcel={parcel} />
    </>
  );
}
