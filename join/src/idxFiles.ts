/**
 * IDX files (MNIST's format) read in the page, from files the student picks: an images file of unsigned
 * bytes (grey levels scaled to [0, 1], as the dataset node scales them) and its labels file. Nothing is uploaded.
 */

/** The dimensions and bytes of one IDX file of unsigned bytes, or why it is not one. */
function readIdx(name: string, bytes: Uint8Array): { dims: number[]; data: Uint8Array } | string {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) return `${name} is not an IDX file (its first bytes are not an IDX magic number)`;
  if (bytes[2] !== 0x08) return `${name} holds IDX type 0x${bytes[2].toString(16)}; only unsigned bytes (0x08) are read`;
  const rank = bytes[3];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4 + 4 * rank) return `${name} ends inside its header`;
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  const size = dims.reduce((a, b) => a * b, 1);
  const data = bytes.subarray(4 + 4 * rank);
  if (data.length !== size) return `${name} declares ${size} bytes of data (${dims.join('×')}) and holds ${data.length}`;
  return { dims, data };
}

/** The rows (grey levels in [0, 1]) and labels of an images file and its labels file; or why they do not read. */
export async function readIdxPair(images: File, labels: File): Promise<{ rows: Float32Array[]; labels: number[] } | string> {
  const x = readIdx(images.name, new Uint8Array(await images.arrayBuffer()));
  if (typeof x === 'string') return x;
  const y = readIdx(labels.name, new Uint8Array(await labels.arrayBuffer()));
  if (typeof y === 'string') return y;
  if (x.dims.length < 2) return `${images.name} is not a file of images (it has ${x.dims.length} dimension)`;
  if (y.dims.length !== 1) return `${labels.name} is not a labels file (it has ${y.dims.length} dimensions)`;
  if (x.dims[0] !== y.dims[0]) return `${images.name} holds ${x.dims[0]} images and ${labels.name} ${y.dims[0]} labels`;
  const per = x.data.length / x.dims[0];
  const rows = Array.from({ length: x.dims[0] }, (_, i) => Float32Array.from(x.data.subarray(i * per, (i + 1) * per), (v) => v / 255));
  return { rows, labels: Array.from(y.data) };
}
