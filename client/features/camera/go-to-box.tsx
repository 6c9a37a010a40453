import { type FormEvent, useId, useState } from 'react';
import { parseCoords, WORLD_RADIUS } from '../../../shared/world.ts';
import { useApp } from '../../app.ts';

/** "Go to x,y": moves the camera over that parcel. */
export function GoToBox() {
  const app = useApp();
  const inputId = useId();
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = String(new FormData(event.currentTarget).get('coords') ?? '');
    const coords = parseCoords(text);
    if (!coords) {
      setError(`Type x,y with both between -${WORLD_RADIUS} and ${WORLD_RADIUS}.`);
      return;
    }
    setError(null);
    app.view?.travel(coords.x, coords.y);
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
      {error && <p role="alert">{error}</p>}
    </form>
  );
}
