/** The traced chains' newest draws, in the layout of Recording.trace: value of column i of chain c
 * in row r at [(r * chains + c) * (d + 1) + i], column d being the transition's energy. */
export interface TraceData {
  /** Iteration of row 0. */
  readonly from: number;
  readonly rows: number;
  readonly chains: number;
  readonly d: number;
  readonly values: Float64Array;
}

/** Keeps the last `capacity` rows of the trace, appended as snapshots bring them. */
export class TraceWindow {
  private values: Float64Array;
  private from = 0;
  private rows = 0;
  private readonly stride: number;

  constructor(readonly chains: number, readonly d: number, readonly capacity: number) {
    this.stride = chains * (d + 1);
    this.values = new Float64Array(capacity * this.stride);
  }

  /** Appends rows starting at iteration `from`; a gap (rows lost to the ring wrapping) starts the
   * window again, so every chain in the window is a run of consecutive draws. */
  append(data: TraceData): void {
    if (data.chains !== this.chains || data.d !== this.d) throw new Error('TraceWindow: shape mismatch');
    if (data.rows === 0) return;
    if (data.from !== this.from + this.rows) {
      this.from = data.from;
      this.rows = 0;
    }
    const keep = Math.min(data.rows, this.capacity);
    const skip = data.rows - keep;
    const overflow = Math.max(0, this.rows + keep - this.capacity);
    if (overflow > 0) {
      this.values.copyWithin(0, overflow * this.stride, this.rows * this.stride);
      this.rows -= overflow;
      this.from += overflow;
    }
    this.values.set(data.values.subarray(skip * this.stride, data.rows * this.stride), this.rows * this.stride);
    if (this.rows === 0) this.from = data.from + skip;
    this.rows += keep;
  }

  data(): TraceData {
    return { from: this.from, rows: this.rows, chains: this.chains, d: this.d, values: this.values.slice(0, this.rows * this.stride) };
  }

}

/** Column i (a coordinate, or d for the energy) of the last `last` rows, one array per chain
 * (draws[c][r]). */
export function traceColumn(t: TraceData, i: number, last = t.rows): Float64Array[] {
  const first = t.rows - Math.min(last, t.rows);
  const out = Array.from({ length: t.chains }, () => new Float64Array(t.rows - first));
  const stride = t.d + 1;
  // Row by row: the reads run along the array.
  for (let r = first; r < t.rows; r++) {
    const base = r * t.chains * stride + i;
    for (let c = 0; c < t.chains; c++) out[c][r - first] = t.values[base + c * stride];
  }
  return out;
}
