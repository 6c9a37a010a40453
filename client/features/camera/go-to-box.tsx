import { type FormEvent, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { parseCoords, WORLD_RADIUS } from '../../../shared/world.ts';
import { useApp } from '../../app.ts';
import { useAppStore } from '../../store.ts';
import type { TravelBy } from './camera-slice.ts';

const TRAVEL_CHOICES: readonly [TravelBy, string][] = [
  ['teleport', 'Teleport'],
  ['walk', 'Walk'],
];

/**
 * "Go to x,y": takes the avatar to that parcel (walking or by teleport, the player's choice, which
 * also holds for minimap clicks and feed links) and selects it; and the switch between the camera
 * following the avatar and the free map view.
 */
export function GoToBox() {
  const app = useApp();
  const inputId = useId();
  const [error, setError] = useState<string | null>(null);
  const [travelBy, cameraMode] = useAppStore(
    app.store,
    useShallow((state) => [state.travelBy, state.cameraMode] as const),
  );
  const { setTravelBy, setCameraMode } = app.store.getState();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = String(new FormData(event.currentTarget).get('coords') ?? '');
    const coords = parseCoords(text);
    if (!coords) {
      setError(`Type x,y with both between -${WORLD_RADIUS} and ${WORLD_RADIUS}.`);
      return;
    }
    setError(null);
    app.view?.goTo(coords.x, coords.y);
  };
  return (
    <form className="panel go-to" aria-label="Go to parcel" onSubmit={submit}>
      <label htmlFor={inputId}>Go to x,y</label>
      <input
        className="grow"
        id={inputId}
        name="coords"
        placeholder="-150,150"
        autoComplete="off"
        spellCheck={false}
      />
      <button type="submit">Go</button>
      <fieldset className="travel-by">
        <legend>Travel</legend>
        {TRAVEL_CHOICES.map(([value, label]) => (
          <label key={value}>
            <input
              type="radio"
              name="travel-by"
              value={value}
              checked={travelBy === value}
              onChange={() => setTravelBy(value)}
            />
            {label}
          </label>
        ))}
      </fieldset>
      <button
        type="button"
        aria-pressed={cameraMode === 'map'}
        title="Free map view: drag to pan; off again, the camera follows your avatar"
        onClick={() => setCameraMode(cameraMode === 'map' ? 'follow' : 'map')}
      >
        Map view
      </button>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}
