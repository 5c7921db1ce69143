/** MCMC diagnostics in plain TypeScript (no DOM: the page, a Web Worker and Node share them),
 * with the conventions and reference values of the R package posterior 1.4.0. */
export { autocorrelation, autocovariance, meanAutocorrelation, meanAutocovariance } from './autocorrelation';
export { energyDistance, gridKl, mmdRbf, slicedWasserstein, type Points } from './distances';
export { type Draws, quantile } from './draws';
export { ebfmi } from './energy';
export { essBasic, essBulk, essMean, essQuantile, essSd, essTail } from './ess';
export { mcseMean, mcseQuantile, mcseSd } from './mcse';
export { essOfChainMoments, manyChainRow, manyChainWarnings, type ManyChainRow, SUPERCHAINS } from './many-chains';
export { nestedRhat, nestedRhatOfMoments } from './nested-rhat';
export { type DrawsInput, PreparedDraws } from './prepared';
export { rankHistogram } from './rank-histogram';
export { rhat, rhatBasic } from './rhat';
export { EBFMI_MIN, ESS_ALL_CHAINS_MIN, ESS_PER_CHAIN_MIN, essAllChainsMin, nestedRhatMax, RHAT_MAX } from './thresholds';
export { summariseDraws, summaryWarnings, type SummaryRow, type WarningThresholds } from './summary';
