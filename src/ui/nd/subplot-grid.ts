/** Plotly layouts of independent subplots on a grid (the basic bundle has no splom). */

/** The trace references of subplot n (0-based, row-major): 'x', 'y' for the first, then 'x2', … */
export function subplotAxes(n: number): { readonly xaxis: string; readonly yaxis: string } {
  const s = n === 0 ? '' : String(n + 1);
  return { xaxis: `x${s}`, yaxis: `y${s}` };
}

const GAP = 0.025;

/** The layout's axes of `count` subplots on a grid of `cols` columns, row 0 at the top; `axes(n)`
 * gives what each subplot's x and y axis add (range, title, ticks). */
export function gridAxes(count: number, cols: number, axes: (n: number) => { x: object; y: object }): Record<string, object> {
  const rows = Math.ceil(count / cols);
  const out: Record<string, object> = {};
  for (let n = 0; n < count; n++) {
    const [r, c] = [Math.floor(n / cols), n % cols];
    const { xaxis, yaxis } = subplotAxes(n);
    const { x, y } = axes(n);
    out[`xaxis${xaxis.slice(1)}`] = { domain: [c / cols + GAP, (c + 1) / cols - GAP], anchor: yaxis, zeroline: false, ...x };
    out[`yaxis${yaxis.slice(1)}`] = { domain: [1 - (r + 1) / rows + GAP, 1 - r / rows - GAP], anchor: xaxis, zeroline: false, ...y };
  }
  return out;
}
