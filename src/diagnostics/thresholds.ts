/** The recommended thresholds (Vehtari et al. 2021 §4; Betancourt 2016), in one dependency-free
 * module so the page's plots and tables can mark them without loading the diagnostics. */

/** R-hat above this means the chains have not mixed. */
export const RHAT_MAX = 1.01;
/** Bulk- or tail-ESS below this many per chain makes the estimates unreliable. */
export const ESS_PER_CHAIN_MIN = 100;
/** E-BFMI below this: HMC's momentum resampling explores the energy distribution slowly. */
export const EBFMI_MIN = 0.3;
