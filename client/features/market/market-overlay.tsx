import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { PARCEL_COUNT } from '../../../shared/world.ts';
import { type App, useApp } from '../../app.ts';
import { useAppStore } from '../../store.ts';
import { OVERLAY_LEGENDS, overlayColor, overlayLevels } from '../map/overlay.ts';
import { OverlaySelect } from '../map/overlay-select.tsx';
import { TexelFlag } from '../map/texel.ts';
import { createMarketSource, followMarket } from './market-source.ts';

/** Parcels the map marks as the player's own (the room's owner is this wallet). */
function ownedOnMap(app: App): number[] {
  const owned: number[] = [];
  for (let id = 0; id < PARCEL_COUNT; id++)
    if ((app.map.data[id * 4 + 2] as number) & TexelFlag.Mine) owned.push(id);
  return owned;
}

const css = (rgb: readonly number[]) => `rgb(${rgb.map((c) => Math.round(c * 255)).join(' ')})`;

/**
 * The overlay switch with its legend, and what keeps the chosen overlay on the ground: the
 * market's rows (every page of `/api/market`, or the player's with "mine"), read now and again
 * after new blocks, turned into levels (map kit, overlay.ts). "Mine" adds the parcels the player
 * owns outright. A failed read says so and keeps the last overlay.
 */
export function MarketOverlay() {
  const app = useApp();
  const [kind, address] = useAppStore(
    app.store,
    useShallow((state) => [state.overlay, state.address] as const),
  );
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setError(null);
    if (kind === 'none') {
      app.map.setOverlay(null);
      app.view?.invalidate();
      return;
    }
    const origin = new URL(window.location.href);
    const source =
      kind !== 'mine'
        ? createMarketSource(origin)
        : address
          ? createMarketSource(origin, { holder: address })
          : null;
    return followMarket(
      app.store,
      async () => (source ? (await source.read()).rows : []),
      (rows) => {
        const mine = kind === 'mine' ? [...ownedOnMap(app), ...rows.map((row) => row.parcelId)] : [];
        app.map.setOverlay({ kind, levels: overlayLevels(kind, rows, mine) });
        app.view?.invalidate();
        setError(null);
      },
      setError,
    );
  }, [app, kind, address]);
  return (
    <div className="map-overlay">
      <OverlaySelect />
      {kind !== 'none' && (
        <p className="overlay-legend">
          <span
            aria-hidden="true"
            className="swatch"
            style={{
              background:
                kind === 'apr' || kind === 'hashRate'
                  ? `linear-gradient(to right, ${css(overlayColor(kind, 1))}, ${css(overlayColor(kind, 128))}, ${css(overlayColor(kind, 255))})`
                  : css(overlayColor(kind, 255)),
            }}
          />
          {OVERLAY_LEGENDS[kind]}
        </p>
      )}
      {error && <p role="alert">Could not read the overlay: {error}.</p>}
    </div>
  );
}
