import { useEffect, useRef } from 'react';
import { formatCoords, ParcelStatus, parcelCoords } from '../../../shared/world.ts';
import { useApp } from '../../app.ts';
import { shortAddress } from '../wallet/format.ts';
import { STATUS_TEXT } from './status-text.ts';

/** Pixels between the pointer and the tooltip. */
const OFFSET_PX = 14;

/**
 * The hovered parcel's coordinates, owner and status next to the pointer. Written to the DOM
 * directly (store subscription + pointer listener): hovering never re-renders React.
 */
export function ParcelTooltip() {
  const app = useApp();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const show = () => {
      const { hoveredId, parcels, address } = app.store.getState();
      if (hoveredId === null) {
        element.hidden = true;
        return;
      }
      const parcel = parcels.get(hoveredId);
      const status = parcel?.status ?? ParcelStatus.Unclaimed;
      const owner = parcel?.owner
        ? ` · ${address && parcel.owner.toLowerCase() === address.toLowerCase() ? 'you' : shortAddress(parcel.owner)}`
        : '';
      element.textContent = `${formatCoords(parcelCoords(hoveredId))} · ${STATUS_TEXT[status]}${owner}`;
      element.hidden = false;
    };
    const follow = (event: PointerEvent) => {
      element.style.transform = `translate(${event.clientX + OFFSET_PX}px, ${event.clientY + OFFSET_PX}px)`;
    };
    const unsubscribe = app.store.subscribe((state, previous) => {
      if (state.hoveredId !== previous.hoveredId || state.parcelsVersion !== previous.parcelsVersion) show();
    });
    window.addEventListener('pointermove', follow);
    return () => {
      unsubscribe();
      window.removeEventListener('pointermove', follow);
    };
  }, [app]);
  return <div ref={ref} className="tooltip" role="tooltip" id="parcel-tooltip" hidden />;
}
