import { type FormEvent, useEffect, useId, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { CHAT_MAX_LENGTH } from '../../../shared/protocol.ts';
import { useApp } from '../../app.ts';
import { useAppStore } from '../../store.ts';

/** Chat with everyone in the world (signed-in players; guests read only). */
export function ChatPanel() {
  const app = useApp();
  const inputId = useId();
  const logRef = useRef<HTMLDivElement>(null);
  const [lines, error, signedIn] = useAppStore(
    app.store,
    useShallow((state) => [state.chat, state.chatError, state.address !== null] as const),
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
      {/* the log is a div around the list (it scrolls): a list keeps its list role */}
      <div className="chat-log" role="log" aria-label="Chat messages" ref={logRef}>
        {lines.length === 0 ? (
          <p className="empty">No messages yet: say hello to everyone here.</p>
        ) : (
          <ol>
            {lines.map((line) => (
              <li key={`${line.at}-${line.from}-${line.text}`}>
                <strong title={line.from}>{line.name}</strong> {line.text}
              </li>
            ))}
          </ol>
        )}
      </div>
      <form onSubmit={submit}>
        <label className="visually-hidden" htmlFor={inputId}>
          Message
        </label>
        <input
          className="grow"
          id={inputId}
          name="text"
          maxLength={CHAT_MAX_LENGTH}
          autoComplete="off"
          placeholder={signedIn ? 'Say something to everyone here' : 'Sign in with a wallet to chat'}
        />
        <button type="submit">Send</button>
      </form>
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
