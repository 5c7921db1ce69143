import { useRun } from '../../state/run';
import { shownReport, useStats } from '../../state/stats';
import { findSampler } from '../../samplers';
import type { SamplerDecl } from '../../samplers/types';
import { useThrottled } from '../use-throttled';
import { AcfPlot } from './AcfPlot';
import { ConvergencePlot } from './ConvergencePlot';
import { Distances } from './Distances';
import { EnergyPlot } from './EnergyPlot';
import { ExportButtons } from './ExportButtons';
import { HealthPlot } from './HealthPlot';
import { ModesPlot } from './ModesPlot';
import { RankPlot } from './RankPlot';
import { SummaryTable } from './SummaryTable';
import { TracePlot } from './TracePlot';
import { REDRAW_MS } from './traces';
import { TruthErrorPlot } from './TruthErrorPlot';

const BODY_ID = 'diagnostics-body';
/** Stable, so the health plot's memos hold while no run is applied. */
const NO_REPORTS: SamplerDecl['reports'] = [];

/** Convergence diagnostics of the sampling phase; closed, the worker computes nothing. */
export function DiagnosticsPanel() {
  const open = useStats((s) => s.open);
  return (
    <section className="diagnostics" aria-label="Diagnostics">
      <button type="button" className="diagnostics-toggle" aria-expanded={open} aria-controls={open ? BODY_ID : undefined}
        onClick={() => useStats.setState({ open: !open })}>
        Diagnostics
      </button>
      {open && <DiagnosticsBody />}
    </section>
  );
}

function DiagnosticsBody() {
  const phase = useRun((s) => s.phase);
  const report = shownReport(useThrottled(useStats((s) => s.report), REDRAW_MS), phase);
  const convergence = useThrottled(useStats((s) => s.convergence), REDRAW_MS);
  const health = useThrottled(useStats((s) => s.health), REDRAW_MS);
  const error = useStats((s) => s.error);
  const applied = useRun((s) => s.applied);
  const reports = (applied && findSampler(applied.sampler)?.reports) ?? NO_REPORTS;
  const truthKnown = convergence.some((p) => p.meanZ !== null);
  return (
    <div id={BODY_ID} className="diagnostics-body">
      {!report && <p className="note">{phase.kind === 'training' ? 'Training the flow: the' : 'The'} diagnostics start with the sampling phase.</p>}
      {report?.interacting && (
        <p className="note" data-testid="interacting-note">
          The particles interact (each moves with all the others), so they are not independent chains: R-hat and ESS do
          not apply and no mixing is judged. The error against the truth and the distances to exact draws do.
        </p>
      )}
      {error && <p className="field-error" role="alert">{error}</p>}
      {report?.distances && <Distances distances={report.distances} />}
      <div className="diagnostics-plots">
        {report && <TracePlot report={report} />}
        {report && <AcfPlot report={report} />}
        {report && convergence.length > 0 && <ConvergencePlot points={convergence} coords={report.coords} />}
        {report && <RankPlot report={report} />}
        {report?.energy && <EnergyPlot energy={report.energy} />}
        {report && truthKnown && <TruthErrorPlot points={convergence} coords={report.coords} />}
        {report?.modes && <ModesPlot modes={report.modes} />}
        <HealthPlot points={health} reports={reports} />
      </div>
      {report && <SummaryTable report={report} />}
      <ExportButtons name={applied ? `${applied.target}-${applied.sampler}` : 'run'} energy={reports.includes('energy')} ready={report !== null} />
    </div>
  );
}
