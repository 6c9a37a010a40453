import { type FormEvent, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { NAME_MAX_LENGTH, playerNameSchema } from '../../../shared/protocol.ts';
import { useApp } from '../../app.ts';
import { useAppStore } from '../../store.ts';
import { send } from '../net/world-room.ts';

/**
 * This player's name as the others see it over the avatar (the short address, the guest id, or a
 * chosen name), and the form to choose one. The room has the last word: it refuses names that
 * pass for an address, other characters, and changes faster than its limit.
 */
export function NameTag() {
  const app = useApp();
  const inputId = useId();
  const [name, roomError] = useAppStore(
    app.store,
    useShallow((state) => [state.myName, state.nameError] as const),
  );
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = playerNameSchema.safeParse(new FormData(event.currentTarget).get('name') ?? '');
    const room = app.room();
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'not a name');
      return;
    }
    if (!room) {
      setError('not connected to the game server');
      return;
    }
    setError(null);
    app.store.getState().setNameError(null);
    send(room, 'rename', { name: parsed.data });
    setEditing(false);
  };
  const shown = error ?? roomError;
  if (!editing)
    return (
      <div className="name-tag">
        <button
          type="button"
          title="The name over your avatar: click to change it"
          onClick={() => setEditing(true)}
        >
          Name: {name || '…'}
        </button>
        {shown && <p role="alert">{shown}</p>}
      </div>
    );
  return (
    <form className="name-tag" aria-label="Your name" onSubmit={submit}>
      <label htmlFor={inputId}>Name</label>
      <input
        id={inputId}
        name="name"
        defaultValue={name}
        maxLength={NAME_MAX_LENGTH}
        autoComplete="off"
        spellCheck={false}
        // biome-ignore lint/a11y/noAutofocus: the player just asked to type a name
        autoFocus
      />
      <button type="submit">Save</button>
      <button type="button" onClick={() => setEditing(false)}>
        Cancel
      </button>
      {shown && <p role="alert">{shown}</p>}
    </form>
  );
}
