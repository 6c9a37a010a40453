import { formatCoords, isParcelId, parcelCoords } from '../../../shared/world.ts';
import { useApp } from '../../app.ts';
import { useAppStore } from '../../store.ts';

const time = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** What happens in the world (claims, solutions…), newest first; a parcel entry takes the avatar there. */
export function ActivityFeed() {
  const app = useApp();
  const feed = useAppStore(app.store, (state) => state.feed);
  return (
    <section className="panel feed" aria-labelledby="feed-heading">
      <h2 id="feed-heading">Activity</h2>
      {feed.length === 0 && (
        <p className="empty">Nothing yet: claims, sales, bids and mined blocks show here.</p>
      )}
      {/* the log is a div around the list: a list keeps its list role (its items need it) */}
      <div role="log" aria-label="Activity feed">
        <ol>
          {feed.map((entry) => (
            <li key={`${entry.at}-${entry.kind}-${entry.parcelId ?? ''}-${entry.text}`}>
              <time dateTime={new Date(entry.at).toISOString()}>{time.format(entry.at)}</time> {entry.text}
              {entry.parcelId !== undefined && isParcelId(entry.parcelId) && (
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    const { x, y } = parcelCoords(entry.parcelId as number);
                    app.view?.goTo(x, y); // walks or teleports there and selects the parcel
                  }}
                >
                  {formatCoords(parcelCoords(entry.parcelId))}
                </button>
              )}
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}
