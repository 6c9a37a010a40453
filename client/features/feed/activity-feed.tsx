import { useMemo, useState } from 'react';
import { formatCoords, isParcelId, parcelCoords } from '../../../shared/world.ts';
import { useApp } from '../../app.ts';
import { useAppStore } from '../../store.ts';
import { ChoiceGroup } from '../../ui/choice-group.tsx';
import { useNow } from '../../ui/clock.ts';
import { type FeedFilter, filterFeed, foldFeed } from './feed-fold.ts';

const time = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const FILTERS = [
  ['all', 'All'],
  ['mine', 'Mine'],
  ['parcel', 'This parcel'],
] as const;

/**
 * What happens in the world, newest first: claims, splits, buys, swaps, pools, stakes, rewards,
 * votes, bids, cash-outs, rigs and found blocks (a parcel's blocks within a minute on one line);
 * all of it, the player's own, or the selected parcel's. A parcel entry takes the avatar there.
 */
export function ActivityFeed() {
  const app = useApp();
  const feed = useAppStore(app.store, (state) => state.feed);
  const me = useAppStore(app.store, (state) => state.address);
  const selected = useAppStore(app.store, (state) => state.selectedId);
  const [filter, setFilter] = useState<FeedFilter>('all');
  // "in the last minute" turns into "in a minute" with time: a clock only while blocks are in the feed
  const now = useNow(feed.some((entry) => entry.kind === 'solution'));
  const lines = useMemo(
    () => foldFeed(filterFeed(feed, filter, me, selected), now),
    [feed, filter, me, selected, now],
  );
  return (
    <section className="panel feed" aria-labelledby="feed-heading">
      <h2 id="feed-heading">Activity</h2>
      <ChoiceGroup<FeedFilter>
        label="Show"
        name="feed-filter"
        options={FILTERS}
        value={filter}
        onChange={setFilter}
        className="feed-filter"
      />
      {feed.length === 0 && (
        <p className="empty">Nothing yet: claims, sales, bids and mined blocks show here.</p>
      )}
      {/* the log is a div around the list: a list keeps its list role (its items need it) */}
      <div role="log" aria-label="Activity feed">
        <ol>
          {lines.map((line) => (
            <li key={line.key}>
              <time dateTime={new Date(line.at).toISOString()}>{time.format(line.at)}</time> {line.text}{' '}
              {line.parcelId !== undefined && isParcelId(line.parcelId) && (
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    const { x, y } = parcelCoords(line.parcelId as number);
                    app.view?.goTo(x, y); // walks or teleports there and selects the parcel
                  }}
                >
                  {formatCoords(parcelCoords(line.parcelId))}
                </button>
              )}
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}
