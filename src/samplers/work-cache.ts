/** Work arrays made once per key and reused by every transition (the CPU engine steps chain
 * after chain, so one set per shape serves them all). */
export function workCache<A, V>(keyOf: (a: A) => string | number, make: (a: A) => V): (a: A) => V {
  const made = new Map<string | number, V>();
  return (a) => {
    const key = keyOf(a);
    let v = made.get(key);
    if (v === undefined) {
      v = make(a);
      made.set(key, v);
    }
    return v;
  };
}
