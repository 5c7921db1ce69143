import { isDegenerate, mean } from './draws';

/** E-BFMI, the energy Bayesian fraction of missing information of Betancourt (2016),
 * "Diagnosing suboptimal cotangent disintegrations in Hamiltonian Monte Carlo" (arXiv:1604.00695),
 * of one chain's Hamiltonian energies E_n: Σ_{n≥1} (E_n − E_{n−1})² / Σ_n (E_n − Ē)², as CmdStan
 * computes it (ArviZ divides the two sums by n − 1 and n: larger by n/(n − 1)). Below 0.3 the
 * momentum resampling explores the energy distribution slowly. NaN for fewer than two energies
 * and, like the other diagnostics, for constant or non-finite ones. */
export function ebfmi(energy: ArrayLike<number>): number {
  const n = energy.length;
  if (n < 2 || isDegenerate([energy])) return NaN;
  const centre = mean(energy);
  let jumps = 0;
  let spread = (energy[0] - centre) ** 2;
  for (let i = 1; i < n; i++) {
    jumps += (energy[i] - energy[i - 1]) ** 2;
    spread += (energy[i] - centre) ** 2;
  }
  return jumps / spread;
}
