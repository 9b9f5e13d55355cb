/**
 * A 28×28 drawing pad: the student draws a digit with the mouse, a finger or a pen on a large canvas,
 * and it is read back as MNIST's images are, white strokes on black, grey levels in [0, 1], row-major.
 */
const SIDE = 28;

/** Wires drawing onto `canvas`; returns how to read the digit and clear the pad. */
export function digitPad(canvas: HTMLCanvasElement): { read: () => Float32Array; clear: () => void; drawn: () => boolean } {
  const ctx = canvas.getContext('2d')!;
  let drawing = false;
  let inked = false;
  const clear = () => {
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    inked = false;
  };
  const at = (e: PointerEvent) => {
    const r = canvas.getBoundingClientRect();
    return [((e.clientX - r.left) * canvas.width) / r.width, ((e.clientY - r.top) * canvas.height) / r.height] as const;
  };
  clear();
  canvas.addEventListener('pointerdown', (e) => {
    drawing = true;
    canvas.setPointerCapture(e.pointerId);
    const [x, y] = at(e);
    ctx.beginPath();
    ctx.moveTo(x, y);
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!drawing) return;
    const [x, y] = at(e);
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = canvas.width / 12;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.lineTo(x, y);
    ctx.stroke();
    inked = true;
  });
  const stop = () => (drawing = false);
  canvas.addEventListener('pointerup', stop);
  canvas.addEventListener('pointercancel', stop);
  const read = () => {
    // The browser's own downscaling averages the strokes into 28×28 grey levels.
    const small = document.createElement('canvas');
    small.width = SIDE;
    small.height = SIDE;
    const s = small.getContext('2d')!;
    s.drawImage(canvas, 0, 0, SIDE, SIDE);
    const rgba = s.getImageData(0, 0, SIDE, SIDE).data;
    const out = new Float32Array(SIDE * SIDE);
    for (let i = 0; i < out.length; i++) out[i] = rgba[4 * i] / 255;
    return out;
  };
  return { read, clear, drawn: () => inked };
}
