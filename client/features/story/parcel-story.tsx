import { lazy, Suspense, useState } from 'react';
import './story.css';

// the story's panel, data shaping and fetching: their own chunk, fetched when a story is first opened
const StoryBody = lazy(() => import('./story-body.tsx'));

/**
 * A claimed parcel's story, folded until the player opens it (no request and no story code
 * before): price chart, hash rate, holders and history (story-body.tsx).
 */
export function ParcelStory({ parcelId }: { parcelId: number }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="story" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Price, holders and history</summary>
      {open && (
        <Suspense fallback={<p>Loading the story…</p>}>
          <StoryBody parcelId={parcelId} />
        </Suspense>
      )}
    </details>
  );
}
