import { LazyPanelButton } from '../../ui/lazy-panel-button.tsx';

// its own chunk
const load = () => import('./leaderboard-panel.tsx');

/** The top bar's Leaderboard button; the panel loads on the first open. */
export function LeaderboardButton() {
  return <LazyPanelButton label="Leaderboard" load={load} />;
}
