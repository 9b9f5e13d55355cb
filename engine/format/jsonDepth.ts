/**
 * How deeply a parsed JSON value nests. JSON.parse reads any depth, but zod, JSON.stringify, structured
 * clone and every recursive walker after it overflow the call stack somewhere past a few thousand levels;
 * a pipeline needs five or six. Measured here without recursion, before anything else reads the value.
 */

/** The deepest nesting of arrays and objects a pipeline document may have; real ones use about 6. */
export const MAX_JSON_DEPTH = 64;

/** Where a value first nests deeper than the limit: the path to the innermost array or object past it. */
export interface TooDeep {
  path: (string | number)[];
}

interface Frame {
  keys: (string | number)[];
  values: unknown[];
  next: number;
}

function frameOf(container: object): Frame {
  if (Array.isArray(container)) return { keys: container.map((_, i) => i), values: container, next: 0 };
  const keys = Object.keys(container);
  return { keys, values: keys.map((k) => (container as Record<string, unknown>)[k]), next: 0 };
}

/**
 * The first place (depth-first, in document order) where `value` nests more than `max` arrays or objects
 * inside each other, or undefined. Costs O(size of the value) time and O(max) stack.
 */
export function findTooDeep(value: unknown, max: number = MAX_JSON_DEPTH): TooDeep | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  // frames[d] lists the children of the container at depth d + 1; path[d] is the key taken from it.
  const frames: Frame[] = [frameOf(value)];
  const path: (string | number)[] = [];
  while (frames.length > 0) {
    const top = frames[frames.length - 1];
    if (top.next >= top.values.length) {
      frames.pop();
      path.pop();
      continue;
    }
    const i = top.next++;
    const child = top.values[i];
    if (child === null || typeof child !== 'object') continue;
    path[frames.length - 1] = top.keys[i];
    path.length = frames.length;
    // The child is the (frames.length + 1)-th container on this path.
    if (frames.length + 1 > max) return { path: [...path] };
    frames.push(frameOf(child));
  }
  return undefined;
}
