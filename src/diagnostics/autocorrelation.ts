import FFT from 'fft.js';
import { mean } from './draws';

// fft.js (radix-4, the fastest of the JS FFTs it benchmarks) with buffers kept per size: a
// refresh computes thousands of transforms of a handful of sizes.
interface Plan {
  fft: FFT;
  signal: Float64Array; // interleaved complex
  spectrum: Float64Array; // interleaved complex
  power: Float64Array; // real
}
const plans = new Map<number, Plan>();

function planFor(size: number): Plan {
  let plan = plans.get(size);
  if (!plan) {
    plan = {
      fft: new FFT(size),
      signal: new Float64Array(2 * size),
      spectrum: new Float64Array(2 * size),
      power: new Float64Array(size),
    };
    plans.set(size, plan);
  }
  return plan;
}

/** s_t = Σ_chains Σ_i (x_i − x̄)(x_{i+t} − x̄), t = 0..maxLag, each chain centred on its own mean
 * (all chains of one length n). By FFT, zero-padded to a power of two ≥ 2n so that the circular
 * correlation is the linear one. Two real chains share one complex transform (z = x + iy gives
 * |X_k|² + |Y_k|² = (|Z_k|² + |Z_{N−k}|²)/2), and the summed power spectrum goes back in one
 * transform: ~M/2 + 1 transforms for M chains. */
function lagProductSums(chains: readonly ArrayLike<number>[], maxLag: number): Float64Array {
  const n = chains[0].length;
  let size = 2;
  while (size < 2 * n) size *= 2;
  const { fft, signal, spectrum, power } = planFor(size);
  power.fill(0);
  signal.fill(0); // the padding beyond 2n stays zero
  for (let c = 0; c < chains.length; c += 2) {
    centreInto(chains[c], signal, 0);
    if (c + 1 < chains.length) centreInto(chains[c + 1], signal, 1);
    else for (let i = 0; i < n; i++) signal[2 * i + 1] = 0;
    fft.transform(spectrum, signal);
    for (let k = 0; k <= size / 2; k++) {
      const j = (size - k) % size;
      const both = 0.5 * (spectrum[2 * k] ** 2 + spectrum[2 * k + 1] ** 2 + spectrum[2 * j] ** 2 + spectrum[2 * j + 1] ** 2);
      power[k] += both;
      if (j !== k) power[j] += both;
    }
  }
  // The power spectrum is real and even, so its forward transform is size × its inverse, and
  // the real transform's half spectrum covers lags < n ≤ size/2.
  fft.realTransform(spectrum, power);
  const sums = new Float64Array(maxLag + 1);
  for (let t = 0; t <= maxLag; t++) sums[t] = spectrum[2 * t] / size;
  return sums;
}

/** Writes x − x̄ into the real (part 0) or imaginary (part 1) slots of an interleaved array. */
function centreInto(x: ArrayLike<number>, out: Float64Array, part: 0 | 1): void {
  const centre = mean(x);
  for (let i = 0; i < x.length; i++) out[2 * i + part] = x[i] - centre;
}

/** The mean over chains of each chain's autocovariance at lags 0..maxLag, biased (divided by n,
 * as Geyer 1992 recommends and Stan and posterior use). All chains of one length. */
export function meanAutocovariance(chains: readonly ArrayLike<number>[], maxLag = chains[0].length - 1): Float64Array {
  const n = chains[0].length;
  const sums = lagProductSums(chains, Math.min(maxLag, n - 1));
  for (let t = 0; t < sums.length; t++) sums[t] /= n * chains.length;
  return sums;
}

/** Biased autocovariance γ̂_t = (1/n) Σ_{i<n−t} (x_i − x̄)(x_{i+t} − x̄), t = 0..maxLag, by FFT. */
export function autocovariance(x: ArrayLike<number>, maxLag = x.length - 1): Float64Array {
  return meanAutocovariance([x], maxLag);
}

/** Autocorrelation ρ̂_t = γ̂_t / γ̂_0, t = 0..maxLag (NaN throughout for a constant chain). */
export function autocorrelation(x: ArrayLike<number>, maxLag = x.length - 1): Float64Array {
  return meanAutocorrelation([x], maxLag);
}

/** The within-chain autocorrelation of several chains at lags 0..maxLag, for plots: the mean
 * autocovariance over the mean variance (so each chain weighs by its variance; with equal
 * variances, the average of the chains' autocorrelations), one FFT pass for all chains. NaN
 * throughout when every chain is constant. */
export function meanAutocorrelation(draws: readonly ArrayLike<number>[], maxLag: number): Float64Array {
  const rho = meanAutocovariance(draws, maxLag);
  const variance = rho[0];
  for (let t = 0; t < rho.length; t++) rho[t] /= variance;
  return rho;
}
