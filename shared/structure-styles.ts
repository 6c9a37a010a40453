/**
 * The looks a parcel's owner (or its co-owners, by vote) chooses for its structure: a style and a
 * palette colour, stored on chain by index (LandRegistry.styleOf; its STYLE_COUNT and
 * PALETTE_COUNT match these lists). Pure functions of the indices: every browser draws the same.
 */

/** Hue 0–255 (the scale of ownerHue), lightness 0–1 and part of the height of one band. */
export interface StyleBand {
  hue: number;
  lightness: number;
  share: number;
}

export const StructureStyle = { Auto: 0, Solid: 1, Striped: 2, Crowned: 3, Graded: 4 } as const;
export type StructureStyle = (typeof StructureStyle)[keyof typeof StructureStyle];

/** Names of the styles, by index. */
export const STYLE_NAMES = ['Generated', 'Solid', 'Striped', 'Crowned', 'Graded'] as const;
export const STYLE_COUNT = STYLE_NAMES.length;

/** A palette colour: its name and hue (0–255); index 0 is the owner's own colour. */
export interface PaletteColour {
  name: string;
  hue: number | null;
}

export const PALETTE: readonly PaletteColour[] = [
  { name: 'Owner colour', hue: null },
  { name: 'Crimson', hue: 250 },
  { name: 'Amber', hue: 36 },
  { name: 'Lime', hue: 64 },
  { name: 'Jade', hue: 110 },
  { name: 'Teal', hue: 128 },
  { name: 'Sky', hue: 150 },
  { name: 'Indigo', hue: 175 },
  { name: 'Violet', hue: 200 },
];
export const PALETTE_COUNT = PALETTE.length;

/** Lightness of a body, and of a light stripe (the map's owner and co-owned stripe lightness). */
const BODY = 0.5;
const LIGHT = 0.72;

/** A parcel's chosen look; 0, 0 (or absent) is the generated one in the owner's colour. */
export interface StyleChoice {
  style?: number;
  palette?: number;
}

/** True when `style` and `palette` are indices the contracts accept. */
export function isKnownStyle(style: number, palette: number): boolean {
  return (
    Number.isInteger(style) &&
    Number.isInteger(palette) &&
    style >= 0 &&
    style < STYLE_COUNT &&
    palette >= 0 &&
    palette < PALETTE_COUNT
  );
}

/** The hue a parcel is painted in: its palette colour, else `ownHue` (the owner's). */
export function paletteHue(palette: number | undefined, ownHue: number): number {
  return PALETTE[palette ?? 0]?.hue ?? ownHue;
}

/**
 * The bands (bottom to top, shares summing to 1) of a chosen style in `hue`; null for the
 * generated style (or an unknown index), whose bands the structure's kind decides.
 */
export function styleBands(style: number | undefined, hue: number): StyleBand[] | null {
  switch (style) {
    case StructureStyle.Solid:
      return [{ hue, lightness: BODY, share: 1 }];
    case StructureStyle.Striped:
      return [BODY, LIGHT, BODY, LIGHT].map((lightness) => ({ hue, lightness, share: 0.25 }));
    case StructureStyle.Crowned:
      return [
        { hue, lightness: BODY, share: 0.75 },
        { hue, lightness: LIGHT, share: 0.25 },
      ];
    case StructureStyle.Graded:
      return [0.34, 0.46, 0.58, 0.7].map((lightness) => ({ hue, lightness, share: 0.25 }));
    default:
      return null;
  }
}

/** "Striped, Jade" (the style's and the colour's names); "?" for an unknown index. */
export function describeStyle(choice: StyleChoice): string {
  const style = STYLE_NAMES[choice.style ?? 0] ?? '?';
  const colour = PALETTE[choice.palette ?? 0]?.name ?? '?';
  return `${style}, ${colour}`;
}
