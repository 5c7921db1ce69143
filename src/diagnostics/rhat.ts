import { isDegenerate, mean, variance } from './draws';
import { type DrawsInput, prepare } from './prepared';

/** Potential scale reduction of Gelman & Rubin (1992) as posterior's `.rhat` computes it on M
 * chains of n: √((n − 1)/n + B/(nW)) with B = n·var(chain means) and W = mean chain variance.
 * NaN for degenerate draws (non-finite or constant) and for a single chain. */
function rhatOfChains(chains: readonly Float64Array[]): number {
  if (isDegenerate(chains)) return NaN;
  const n = chains[0].length;
  const means = chains.map(mean);
  const between = n * variance(means);
  const within = mean(chains.map((x, c) => variance(x, means[c])));
  return Math.sqrt((between / within + n - 1) / n);
}

/** Classic R-hat (posterior::rhat_basic): on split chains by default (Gelman et al. 2013, BDA3
 * §11.4), on whole chains with `split = false`. NaN for constant or non-finite draws, and for a
 * single chain unsplit. */
export function rhatBasic(draws: DrawsInput, split = true): number {
  const prepared = prepare(draws);
  return rhatOfChains(split ? prepared.split() : prepared.whole());
}

/** Rank-normalised split R-hat of Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021),
 * "Rank-normalization, folding, and localization: an improved R̂" (posterior::rhat): the larger
 * of the R-hats of the rank-normalised draws (bulk) and of the rank-normalised |θ − median|
 * (tails). NaN for constant draws or any NaN; ±∞ draws only take the top and bottom ranks. */
export function rhat(draws: DrawsInput): number {
  const prepared = prepare(draws);
  return Math.max(rhatOfChains(prepared.bulkZ), rhatOfChains(prepared.foldedZ));
}
