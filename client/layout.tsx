import { NAME_LABELS } from './features/avatars/avatars.tsx';
import { GoToBox } from './features/camera/go-to-box.tsx';
import { ChatPanel } from './features/chat/chat-panel.tsx';
import { ActivityFeed } from './features/feed/activity-feed.tsx';
import { Minimap } from './features/minimap/minimap.tsx';
import type { MiningController } from './features/mining/mining-controller.ts';
import { MiningPanel } from './features/mining/mining-panel.tsx';
import { ParcelInspector } from './features/parcel/inspector.tsx';
import { ParcelTooltip } from './features/parcel/tooltip.tsx';
import { BEACON_LABELS } from './features/rigs/beacons.tsx';
import { LabelPool } from './features/scene/label-pool.tsx';
import { Scene } from './features/scene/scene.tsx';
import { WalletBar } from './features/wallet/wallet-bar.tsx';

/** The page: the 3D world filling the window, panels over its edges. */
export function Layout({ mining }: { mining: MiningController }) {
  return (
    <>
      <main className="world">
        <Scene />
        <LabelPool pool="names" size={NAME_LABELS} />
        <LabelPool pool="beacons" size={BEACON_LABELS} />
      </main>
      <WalletBar />
      <div className="column top-left">
        <Minimap />
        <GoToBox />
      </div>
      <div className="column left">
        <ActivityFeed />
        <ChatPanel />
      </div>
      <div className="column right">
        <ParcelInspector />
        <MiningPanel controller={mining} />
      </div>
      <ParcelTooltip />
    </>
  );
}
