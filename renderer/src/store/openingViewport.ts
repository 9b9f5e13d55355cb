/**
 * How a pipeline first appears when its tab opens: the whole of it when that can be read, else its
 * beginning at a readable zoom. Fitting a wide template into a 1280×720 canvas gave zoom 0.26–0.49, node
 * labels of 3–6 px; below READABLE_ZOOM the view keeps the zoom readable and shows the pipeline's left end
 * (where its data flow starts), vertically centred where it fits, the rest a pan (or the minimap) away.
 */

/** A rectangle in flow coordinates (the nodes' bounds) or a size in screen pixels. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** React Flow's viewport: screen = flow · zoom + (x, y). */
export interface Viewport {
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
}

/** The smallest zoom at which a node card's 11 px text stays legible (about 8 px on screen). */
export const READABLE_ZOOM = 0.75;
/** Presentation mode's: 11 px text at about 13 px, legible from the back of a classroom. */
export const PRESENTATION_ZOOM = 1.2;
/** Never zoom in past 100% just to fill a large canvas with a small pipeline (unless the minimum asks for more). */
const MAX_OPENING_ZOOM = 1;
/** Screen pixels kept clear around the pipeline. */
const MARGIN = 24;

/** The viewport a tab opens with, for its nodes' bounds, the canvas's size in pixels and the least zoom it may take. */
export function openingViewport(bounds: Rect, canvas: { width: number; height: number }, minZoom: number = READABLE_ZOOM): Viewport {
  const room = { width: Math.max(1, canvas.width - 2 * MARGIN), height: Math.max(1, canvas.height - 2 * MARGIN) };
  const fit = Math.min(room.width / Math.max(1, bounds.width), room.height / Math.max(1, bounds.height));
  const zoom = Math.max(minZoom, Math.min(MAX_OPENING_ZOOM, fit));
  const along = (start: number, size: number, screen: number) => {
    const scaled = size * zoom;
    // Centred where it fits; else its start (left or top edge) at the margin.
    return scaled <= screen - 2 * MARGIN ? (screen - scaled) / 2 - start * zoom : MARGIN - start * zoom;
  };
  return { x: along(bounds.x, bounds.width, canvas.width), y: along(bounds.y, bounds.height, canvas.height), zoom };
}
