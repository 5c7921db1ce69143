import { SamplerOptions } from './SamplerOptions';
import { useState } from 'react';
import { MAX_CHAINS } from '../engine/config';
import { MAX_TRACE_CHAINS } from '../engine/recording';
import { MAX_STEPS_PER_FRAME, useConfig } from '../state/config';
import { findSampler } from '../samplers';
import { targetOf, TARGETS } from '../targets';
import { CUSTOM_TARGET, prepareTarget } from '../targets/custom';
import { addNotice } from '../state/run';
import { ExpressionEditor } from './ExpressionEditor';
import { Field } from './Field';
import { NumberInput } from './NumberInput';
import { paramLabel, rangeText } from './sampler-text';

const FORM_ID = 'run-configuration';

/** Target, sampler and its parameters, and run size; on a phone they fold away under a toggle. */
export function Controls() {
  const c = useConfig();
  const [open, setOpen] = useState(true);
  const target = targetOf(c);
  const sampler = findSampler(c.sampler);
  const dim = target?.dimension;
  return (
    <>
      <button type="button" className="controls-toggle" aria-expanded={open} aria-controls={FORM_ID} onClick={() => setOpen(!open)}>
        Settings
      </button>
      <form id={FORM_ID} className={open ? 'controls' : 'controls collapsed'} aria-label="Run configuration"
        onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>Target</legend>
          <Field field="target" label="Target" help={target?.description}>
            {(p) => (
              <select {...p} value={c.target} onChange={(e) => {
                const id = e.target.value;
                prepareTarget({ target: id }).then(() => c.setTarget(id), (err: unknown) =>
                  addNotice({ key: 'config', level: 'error', text: `The expression compiler did not load: ${err instanceof Error ? err.message : String(err)}` }));
              }}>
                {TARGETS.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
                <option value={CUSTOM_TARGET}>Your density (an expression)…</option>
              </select>
            )}
          </Field>
          {c.target === CUSTOM_TARGET && <ExpressionEditor />}
          {dim?.kind === 'param' && c.target !== CUSTOM_TARGET && (
            <Field field="d" label="Dimension d" help={`Coordinates per chain, in [${dim.min}, ${dim.max}].`}>
              {(p) => <NumberInput {...p} value={c.d} min={dim.min} max={dim.max} step={1} onChange={(d) => c.set({ d })} />}
            </Field>
          )}
        </fieldset>

        <fieldset>
          <legend>Sampler</legend>
          <Field field="sampler" label="Sampler" help={sampler?.description}>
            {(p) => (
              <select {...p} value={c.sampler} onChange={(e) => c.setSampler(e.target.value)}>
                <SamplerOptions />
              </select>
            )}
          </Field>
          {sampler && Object.entries(sampler.params).map(([key, spec]) => (
            <Field key={`${sampler.id}.${key}`} field={key} label={paramLabel(spec)}
              help={`${spec.doc} Range ${rangeText(spec)}.`}>
              {(p) => (
                <NumberInput {...p} value={c.params[key]} min={spec.min} max={spec.max}
                  step={spec.type === 'u32' ? 1 : 'any'} onChange={(v) => c.setParam(key, v)} />
              )}
            </Field>
          ))}
        </fieldset>

        <fieldset>
          <legend>Run</legend>
          <Field field="chains" label="Chains" help={`Independent chains run in parallel, 1 to ${MAX_CHAINS.toLocaleString('en-US')}.`}>
            {(p) => <NumberInput {...p} value={c.chains} min={1} max={MAX_CHAINS} step={1} onChange={(chains) => c.set({ chains })} />}
          </Field>
          <Field field="seed" label="Seed" help="Same seed, same settings, same chains.">
            {(p) => <NumberInput {...p} value={c.seed} min={0} max={0xffffffff} step={1} onChange={(seed) => c.set({ seed })} />}
          </Field>
          <Field field="stepsPerFrame" label="Steps per frame"
            help={`Transitions of every chain per animation frame, 1 to ${MAX_STEPS_PER_FRAME}; empty: automatic (as many as keep the device busy between frames).`}>
            {(p) => (
              <NumberInput {...p} value={c.stepsPerFrame} auto="auto" min={1} max={MAX_STEPS_PER_FRAME} step={1}
                onChange={(stepsPerFrame) => c.set({ stepsPerFrame })} />
            )}
          </Field>
          <Field field="tracedChains" label="Traced chains"
            help={`Chains whose every draw the diagnostics keep (trace plots, R-hat, ESS), 1 to ${MAX_TRACE_CHAINS}.`}>
            {(p) => (
              <NumberInput {...p} value={c.tracedChains} min={1} max={MAX_TRACE_CHAINS} step={1}
                onChange={(tracedChains) => c.set({ tracedChains })} />
            )}
          </Field>
        </fieldset>
      </form>
    </>
  );
}
