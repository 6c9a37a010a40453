import type { ServerMessages } from '../../../shared/protocol.ts';
import type { App } from '../../app.ts';
import { followMapParcels } from './map-parcels.ts';
import { REJOIN_STEP_MS } from './room.ts';
import { appEvents, type JoinPlan, type WorldConnection } from './world-link.ts';
import { ZoneLink } from './zone-link.ts';

/** A zone room's answer to a pass it no longer knows (the cluster's presence forgot it). */
const PASS_GONE = /unknown or expired zone pass/i;

/**
 * Joins the world as zone rooms (the server's config says so) and keeps following them: the link
 * asks a dropped zone room again by itself; once it holds no room and its pass is gone (a
 * restarted server forgot it), it joins afresh as the world room's connection does after a lost
 * seat, retrying until the server answers, and says so meanwhile. When another tab of this address
 * joined the zone rooms (they hold one avatar per address, server/zone-pass.ts), this tab's seats
 * closed: it stays out and says why, rather than join afresh and take the avatar back (the two
 * tabs would push each other out for ever).
 */
export async function connectZones(
  app: App,
  url: string,
  plan: JoinPlan,
  page: URL,
): Promise<WorldConnection> {
  let link: ZoneLink | null = null;
  let closing = false;
  let renewing = false;
  let replaced = false;
  const offline = (reason: string) => app.store.getState().setOffline(reason);
  const roomless = () => link !== null && link.zones().length === 0;

  const leave = async (reason: string) => {
    replaced = true;
    offline(reason);
    const old = link;
    link = null;
    await old?.close();
  };

  const open = async (): Promise<ZoneLink> => {
    // a new session: its avatar is placed where its zone room has it
    const events = appEvents(app, plan.heard);
    return ZoneLink.connect(url, await plan.options(), {
      ...events,
      message(type, message) {
        events.message(type, message);
        const error = type === 'error' ? (message as ServerMessages['error']) : null;
        if (error?.code === 'replaced') void leave(error.message);
      },
      dropped(zone, code) {
        if (roomless())
          offline(`disconnected from the game server (zone ${zone}, code ${code}); reconnecting…`);
      },
      refused(zone, reason) {
        if (replaced) return;
        if (PASS_GONE.test(reason) && roomless()) void renew();
        else console.warn(`zone ${zone} refused: ${reason}`);
      },
    });
  };

  const renew = async () => {
    if (renewing) return;
    renewing = true;
    const old = link;
    link = null;
    await old?.close();
    await plan.forget();
    while (!closing) {
      try {
        const again = await open();
        if (closing) await again.close();
        else link = again;
        break;
      } catch (error) {
        // a refused socket rejects with an event, not an Error: say what the player can act on
        const reason = error instanceof Error && error.message ? error.message : 'it does not answer';
        offline(`disconnected from the game server: ${reason}; retrying`);
        await new Promise((resolve) => setTimeout(resolve, REJOIN_STEP_MS));
      }
    }
    renewing = false;
  };

  link = await open();
  // the parcels of the zones out of view: the minimap shows the whole map
  const stopMap = followMapParcels(app, page, () => link?.zones() ?? []);
  return {
    link: () => link,
    close: async () => {
      closing = true;
      stopMap();
      await link?.close();
    },
  };
}
