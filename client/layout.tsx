import { NameLabels } from './features/avatars/name-labels.tsx';
import { GoToBox } from './features/camera/go-to-box.tsx';
import { ChatPanel } from './features/chat/chat-panel.tsx';
import { ActivityFeed } from './features/feed/activity-feed.tsx';
import type { WorldRoom } from './features/net/room.ts';
import { ParcelInspector } from './features/parcel/inspector.tsx';
import { ParcelTooltip } from './features/parcel/tooltip.tsx';
import { Scene } from './features/scene/scene.tsx';
import { WalletBar } from './features/wallet/wallet-bar.tsx';

/** The page: the 3D world filling the window, panels over its edges. */
export function Layout({ room }: { room: () => WorldRoom | null }) {
  return (
    <>
      <main className="world">
        <Scene room={room} />
        <NameLabels />
      </main>
      <WalletBar />
      <div className="column left">
        <ActivityFeed />
        <ChatPanel />
      </div>
      <div className="column right">
        <ParcelInspector />
      </div>
      <div className="column bottom-right">
        <GoToBox />
      </div>
      <ParcelTooltip />
    </>
  );
}
