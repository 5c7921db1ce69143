import { useStats } from '../../state/stats';
import { downloadText, drawsCsv, summaryCsv } from '../export';

interface Props {
  /** File name stem, e.g. "banana-hmc". */
  readonly name: string;
  /** Whether the sampler reports an energy (the draws get an energy column). */
  readonly energy: boolean;
  readonly ready: boolean;
}

/** CSV downloads of the latest window and summary, read from the store at the click. */
export function ExportButtons({ name, energy, ready }: Props) {
  const save = (what: 'draws' | 'summary') => {
    const { trace, report } = useStats.getState();
    if (!trace || !report) return;
    const text = what === 'draws' ? drawsCsv(trace, { energy }) : summaryCsv(report.summary);
    downloadText(`${name}-${what}-${report.iteration}.csv`, text);
  };
  return (
    <div className="buttons" role="group" aria-label="Export">
      <button type="button" onClick={() => save('draws')} disabled={!ready}>Draws (CSV)</button>
      <button type="button" onClick={() => save('summary')} disabled={!ready}>Summary (CSV)</button>
    </div>
  );
}
