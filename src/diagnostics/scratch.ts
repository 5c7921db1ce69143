/** Reused typed arrays for temporaries that do not outlive the call that takes them. A fresh
 * 1 MB array costs ~0.5 ms in page faults when first written, more than the work done on it, and
 * a refresh would take a dozen per variable. Each slot belongs to one function, which must not
 * call another user of its slot while it holds it; the contents start as garbage. */
const slots = new Map<string, Float64Array | Uint32Array>();

function slot<T extends Float64Array | Uint32Array>(name: string, length: number, create: (n: number) => T): T {
  let array = slots.get(name) as T | undefined;
  if (!array || array.length < length) {
    array = create(length);
    slots.set(name, array);
  }
  return array.subarray(0, length) as T;
}

export function scratchFloat64(name: string, length: number): Float64Array {
  return slot(name, length, (n) => new Float64Array(n));
}

export function scratchUint32(name: string, length: number): Uint32Array {
  return slot(name, length, (n) => new Uint32Array(n));
}
