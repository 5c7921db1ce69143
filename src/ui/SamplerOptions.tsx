import { SAMPLER_GROUPS } from './sampler-text';

/** Every sampler as <option>s grouped by family, for a sampler <select>. */
export function SamplerOptions() {
  return SAMPLER_GROUPS.map(({ family, label, samplers }) => (
    <optgroup key={family} label={label}>
      {samplers.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
    </optgroup>
  ));
}
