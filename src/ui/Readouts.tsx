import { Fragment, useMemo } from 'react';
import { useRun, type FlowTrainingState } from '../state/run';
import { findSampler } from '../samplers';
import { targetOf } from '../targets';
import { count, fixed, percent, perSecond } from './format';

interface ReadoutProps {
  readonly id: string;
  readonly label: string;
  /** The raw number (or text) for tests and tooling, in data-value. */
  readonly value: number | string | undefined;
  readonly text: string;
  readonly note?: string;
}

function Readout({ id, label, value, text, note }: ReadoutProps) {
  return (
    <div className="readout" data-testid={`readout-${id}`} data-value={value ?? ''}>
      <dt>{label}</dt>
      <dd>
        {text}
        {note && <span className="note"> {note}</span>}
      </dd>
    </div>
  );
}

/** The trained flow as an importance sampler: ELBO, log Z by importance sampling with its
 * standard error (and its error where the target's normaliser is known), weight ESS. */
function FlowReadouts({ training, logZ }: { readonly training: FlowTrainingState; readonly logZ: number | undefined }) {
  const last = training.history.at(-1);
  const known = logZ !== undefined && last ? `(true ${fixed(logZ)}, error ${fixed(last.logZ - logZ)})` : undefined;
  return (
    <>
      <Readout id="elbo" label="ELBO" value={last?.elbo} text={fixed(last?.elbo)}
        note={logZ !== undefined && last ? `(gap to log Z ${fixed(logZ - last.elbo)})` : undefined} />
      <Readout id="log-z" label="log Z (IS)" value={last?.logZ} text={last ? `${fixed(last.logZ)} ± ${fixed(last.logZSe)}` : '—'} note={known} />
      <Readout id="is-ess" label="IS ESS" value={last?.essFraction} text={percent(last?.essFraction)} />
    </>
  );
}

/** Adapter, throughput, progress and pooled moments of coordinates 0 and 1. */
export function Readouts() {
  const { engine, applied, snapshot: s, rates, load, phase, warmupDivergences, restartedChains, training } = useRun();
  const target = applied && targetOf(applied);
  const sampler = applied && findSampler(applied.sampler);
  const truth = useMemo(() => (target && applied ? target.truth(applied.d) : null), [target, applied?.d]);
  const usesGradients = sampler?.reports.includes('gradEvals') ?? false;
  const cumulativeAcceptance = s && s.iteration > 0 ? s.totals.accepted / (s.chains * s.iteration) : undefined;
  const acceptance = rates && Number.isFinite(rates.acceptance) ? rates.acceptance : cumulativeAcceptance;
  const evals = usesGradients ? rates?.gradEvalsPerSec : rates?.densityEvalsPerSec;
  const coords = (s?.d ?? 2) >= 2 ? [0, 1] : [0];
  // In sampling, the sampling phase's own; warm-up's are noted beside them.
  const divergences = s ? (phase.kind === 'warmup' ? s.totals.divergent : s.totals.divergent - warmupDivergences) : undefined;
  const stepKey = sampler?.adapt?.step;
  const lengthKey = sampler?.adapt?.length?.steps;
  const phaseText = phase.kind === 'sampling' ? 'sampling'
    : `${phase.kind === 'training' ? 'training the flow' : phase.adapting ? 'warm-up' : 'burn-in'} ${count(phase.iteration)} / ${count(phase.total)}`;
  const meanDepth = s && sampler?.reports.includes('treeDepth') ? s.stats.treeDepth / s.chains : undefined;
  const evalsPerTransition = s && s.iteration > 0 && sampler?.reports.includes('densityEvals')
    ? s.totals.densityEvals / (s.chains * s.iteration) : undefined;
  const capped = sampler?.reports.includes('capped') ? s?.totals.capped : undefined;
  // MixFlows: each transition is a fresh draw with its log p̄ − log q_N; their mean is the ELBO.
  const mixtureElbo = s && s.statsIterations > 0 && sampler?.reports.includes('elbo')
    ? s.stats.elbo / (s.chains * s.statsIterations) : undefined;
  const logZ = target && applied ? target.logZ?.(applied.d) : undefined;

  return (
    <section className="readouts" aria-label="Readouts">
      <dl>
        <Readout id="adapter" label="Adapter" value={engine?.description} text={engine?.description ?? 'starting…'} />
        <Readout id="iteration" label="Iteration" value={s?.iteration} text={count(s?.iteration)} />
        <Readout id="chains" label="Chains" value={applied?.chains} text={count(applied?.chains)} />
        <Readout id="transitions" label="Transitions/s" value={rates?.transitionsPerSec} text={perSecond(rates?.transitionsPerSec)} />
        {load && phase.kind === 'sampling' && (
          <Readout id="piece" label="Transitions a submission" value={load.piece} text={count(load.piece)}
            note={`(${load.automatic ? 'automatic' : 'steps per frame'}; ${fixed(load.framesPerSec, 0)} fps, a draw ${fixed(load.drawMs, 0)} ms)`} />
        )}
        <Readout id="evaluations" label={usesGradients ? 'Gradient evals/s' : 'Density evals/s'} value={evals} text={perSecond(evals)} />
        {sampler?.reports.includes('accepted') && <Readout id="acceptance" label="Acceptance" value={acceptance} text={percent(acceptance)} />}
        <Readout id="divergences" label="Divergences" value={divergences} text={count(divergences)}
          note={phase.kind === 'warmup' ? '(in warm-up)' : warmupDivergences > 0 ? `(+${count(warmupDivergences)} in warm-up)` : undefined} />
        {(sampler?.adapt || sampler?.flow || (applied?.params.burnin ?? 0) > 0) && <Readout id="phase" label="Phase" value={phase.kind} text={phaseText} />}
        {restartedChains > 0 && (
          <Readout id="restarted" label="Restarted chains" value={restartedChains} text={count(restartedChains)}
            note="(stranded in warm-up, restarted from healthy chains)" />
        )}
        {training && <FlowReadouts training={training} logZ={logZ} />}
        {stepKey && s && (
          <Readout id="step-size" label={sampler.params[stepKey].label} value={s.params[stepKey]} text={fixed(s.params[stepKey])}
            note={phase.kind === 'warmup' ? '(adapting)' : s.params[stepKey] !== applied?.params[stepKey] ? '(adapted)' : undefined} />
        )}
        {lengthKey && s && (
          <Readout id="steps" label={sampler.params[lengthKey].label} value={s.params[lengthKey]} text={count(s.params[lengthKey])} />
        )}
        {meanDepth !== undefined && <Readout id="tree-depth" label="Mean tree depth" value={meanDepth} text={fixed(meanDepth, 2)} />}
        {evalsPerTransition !== undefined && (
          <Readout id="evals-per-transition" label="Density evals / transition" value={evalsPerTransition}
            text={fixed(evalsPerTransition, 2)} note={`(max ${count(s!.stats.maxDensityEvals)})`} />
        )}
        {capped !== undefined && <Readout id="capped" label="Capped transitions" value={capped} text={count(capped)} />}
        {mixtureElbo !== undefined && (
          <Readout id="mixture-elbo" label="ELBO of the mixture" value={mixtureElbo} text={fixed(mixtureElbo)}
            note={logZ !== undefined ? `(log Z ${fixed(logZ)}, gap ${fixed(logZ - mixtureElbo)})` : undefined} />
        )}
        {coords.map((i) => (
          <Fragment key={i}>
            <Readout id={`mean-${i}`} label={`Mean x${i}`} value={s?.mean[i]} text={fixed(s?.mean[i])}
              note={truth ? `(true ${fixed(truth.mean[i], 2)})` : undefined} />
            <Readout id={`variance-${i}`} label={`Variance x${i}`} value={s?.variance[i]} text={fixed(s?.variance[i])}
              note={truth ? `(true ${fixed(truth.variance[i], 2)})` : undefined} />
          </Fragment>
        ))}
      </dl>
    </section>
  );
}
