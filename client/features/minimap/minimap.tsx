import { type KeyboardEvent, type MouseEvent, type ReactNode, useEffect, useRef } from 'react';
import { PARCEL_COUNT, WORLD_RADIUS, WORLD_SIDE } from '../../../shared/world.ts';
import { type App, useApp } from '../../app.ts';
import { CITY } from '../map/city-layout.ts';
import { tintForOverlay } from '../map/overlay.ts';
import { PALETTE_COLORS, palette, writeMinimapColor } from '../map/palette.ts';
import { TexelFlag } from '../map/texel.ts';

/** Redraws per second at most (the base image only when the map texture changed). */
const REDRAW_MS = 250;
/** Parcels the arrow keys take the avatar. */
const KEY_STEP = 10;

/** The player's own parcels are ringed in the "mine" colour: a one-pixel tint is hard to see. */
const MINE_RING = `rgb(${palette.mine.map((c) => Math.round(c * 255)).join(' ')})`;

/**
 * Minimap pixel (px, py) is parcel (px - R, py - R), the same orientation as the default 3D view
 * (x to the right, y down the screen). The texel bytes come from the map texture (and its
 * overlay), so the minimap and the ground always agree. Returns the player's own parcels.
 */
function paintBase(app: App, image: ImageData): number[] {
  const texel = { status: 0, hue: 0, flags: 0 } as ReturnType<App['map']['read']>;
  const { data, overlay } = app.map;
  const mine: number[] = [];
  for (let id = 0; id < PARCEL_COUNT; id++) {
    const row = Math.floor(id / WORLD_SIDE); // x + R
    const col = id % WORLD_SIDE; // y + R
    texel.status = data[id * 4] as typeof texel.status;
    texel.hue = data[id * 4 + 1] as number;
    texel.flags = data[id * 4 + 2] as number;
    const offset = (col * WORLD_SIDE + row) * 4;
    writeMinimapColor(PALETTE_COLORS, texel, CITY.district[id] as number, image.data, offset);
    if (overlay) tintForOverlay(overlay, id, image.data, offset);
    if (texel.flags & TexelFlag.Mine) mine.push(id);
  }
  return mine;
}

function drawOverlay(app: App, context: CanvasRenderingContext2D, mine: readonly number[]): void {
  context.strokeStyle = MINE_RING;
  context.lineWidth = 1;
  for (const id of mine) {
    // a ring one pixel out from the parcel's own pixel, which keeps its colour
    context.strokeRect(Math.floor(id / WORLD_SIDE) - 0.5, (id % WORLD_SIDE) - 0.5, 2, 2);
  }
  const dot = (x: number, z: number, color: string, radius: number) => {
    context.fillStyle = color;
    context.beginPath();
    context.arc(x + WORLD_RADIUS + 0.5, z + WORLD_RADIUS + 0.5, radius, 0, 2 * Math.PI);
    context.fill();
  };
  for (const player of app.players.players.values())
    dot(player.pose.x, player.pose.z, player.view.color, 2.5);
  dot(app.me.x, app.me.z, '#ffffff', 3.5);
  const target = app.view?.target;
  if (target) {
    context.strokeStyle = '#ffd23f';
    context.lineWidth = 1.5;
    context.strokeRect(target.x + WORLD_RADIUS - 10, target.z + WORLD_RADIUS - 10, 21, 21);
  }
}

/**
 * The whole map in 301 × 301 pixels: owners' colours, the player's own parcels ringed, the
 * ground's overlay, players as dots; click (or arrow keys) to take the avatar there. `controls` (the overlay
 * switch, composed by the layout) sit under it.
 */
export function Minimap({ controls }: { controls?: ReactNode }) {
  const app = useApp();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = canvasRef.current;
    // Software canvases (willReadFrequently): a 301 × 301 picture costs the CPU little, while a
    // GPU-backed 2D canvas makes software WebGL's GPU process set up Skia first, ahead of the
    // world's first frame.
    const context = canvas?.getContext('2d', { willReadFrequently: true });
    if (!canvas || !context) return;
    const base = document.createElement('canvas');
    base.width = base.height = WORLD_SIDE;
    const baseContext = base.getContext('2d', { willReadFrequently: true });
    if (!baseContext) return;
    const image = baseContext.createImageData(WORLD_SIDE, WORLD_SIDE);
    let painted = -1;
    let mine: number[] = [];
    const redraw = () => {
      if (painted !== app.map.version) {
        painted = app.map.version;
        mine = paintBase(app, image);
        baseContext.putImageData(image, 0, 0);
      }
      context.drawImage(base, 0, 0);
      drawOverlay(app, context, mine);
    };
    redraw();
    const timer = setInterval(redraw, REDRAW_MS);
    return () => clearInterval(timer);
  }, [app]);

  const travelTo = (event: MouseEvent<HTMLButtonElement>) => {
    const rect = canvasRef.current?.getBoundingClientRect();
    // detail 0: a click from the keyboard (Enter/Space), which has no position on the map.
    if (!rect || event.detail === 0) return;
    const x = Math.floor(((event.clientX - rect.left) / rect.width) * WORLD_SIDE) - WORLD_RADIUS;
    const y = Math.floor(((event.clientY - rect.top) / rect.height) * WORLD_SIDE) - WORLD_RADIUS;
    app.view?.goTo(x, y);
  };
  const step = (event: KeyboardEvent<HTMLButtonElement>) => {
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-KEY_STEP, 0],
      ArrowRight: [KEY_STEP, 0],
      ArrowUp: [0, -KEY_STEP],
      ArrowDown: [0, KEY_STEP],
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    event.stopPropagation();
    app.view?.goTo(Math.round(app.me.x) + move[0], Math.round(app.me.z) + move[1]);
  };
  return (
    <section className="panel minimap" aria-label="Minimap">
      <button
        type="button"
        className="minimap-button"
        aria-label="Minimap: click a place to go there, or step with the arrow keys"
        onClick={travelTo}
        onKeyDown={step}
      >
        <canvas ref={canvasRef} width={WORLD_SIDE} height={WORLD_SIDE} />
      </button>
      {controls}
    </section>
  );
}
