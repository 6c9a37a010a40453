import type { ReactNode } from 'react';

/** A floating panel's title, its own controls (`children`) and its Close button. */
export function PanelHeader({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose(): void;
  children?: ReactNode;
}) {
  return (
    <header>
      <h2>{title}</h2>
      {children}
      <button type="button" onClick={onClose}>
        Close
      </button>
    </header>
  );
}
