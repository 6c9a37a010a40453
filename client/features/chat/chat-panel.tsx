import { type FormEvent, useEffect, useId, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { CHAT_MAX_LENGTH } from '../../../shared/protocol.ts';
import { useApp } from '../../app.ts';
import { useAppStore } from '../../store.ts';

/** Chat with everyone in the world (signed-in players; guests read only). */
export function ChatPanel() {
  const app = useApp();
  const inputId = useId();
  const logRef = useRef<HTMLOListElement>(null);
  const [lines, error] = useAppStore(
    app.store,
    useShallow((state) => [state.chat, state.chatError] as const),
  );
  useEffect(() => {
    const log = logRef.current;
    if (log && lines.length > 0) log.scrollTop = log.scrollHeight;
  }, [lines]);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const text = String(new FormData(form).get('text') ?? '').trim();
    if (!text) return;
    app.actions.sendChat(text);
    form.reset();
  };
  return (
    <section className="panel chat" aria-labelledby="chat-heading">
      <h2 id="chat-heading">Chat</h2>
      <ol role="log" aria-label="Chat messages" ref={logRef}>
        {lines.map((line) => (
          <li key={`${line.at}-${line.from}-${line.text}`}>
            <strong title={line.from}>{line.name}</strong> {line.text}
          </li>
        ))}
      </ol>
      <form onSubmit={submit}>
        <label htmlFor={inputId}>Message</label>
        <input className="grow" id={inputId} name="text" maxLength={CHAT_MAX_LENGTH} autoComplete="off" />
        <button type="submit">Send</button>
      </form>
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
