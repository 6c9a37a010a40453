/** A floating panel's title and its Close button. */
export function PanelHeader({ title, onClose }: { title: string; onClose(): void }) {
  return (
    <header>
      <h2>{title}</h2>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </header>
  );
}
