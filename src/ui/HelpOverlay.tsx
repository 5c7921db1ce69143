import { useEffect, useRef } from 'react';
import { MODES, useConfig } from '../state/config';
import { useUi } from '../state/ui';
import { TARGETS } from '../targets';
import type { Dimension } from '../targets/types';
import { MODE_TEXT } from './ModeTabs';
import { paramLabel, rangeText, SAMPLER_GROUPS } from './sampler-text';
import { SHORTCUTS } from './shortcuts';

const dimensionText = (d: Dimension) => (d.kind === 'fixed' ? `${d.d}-D` : `d in [${d.min}, ${d.max}], default ${d.default}`);

/** What the help says: the shortcuts, the modes, every sampler's parameters (the selected sampler
 * highlighted) and every target, all read from their declarations. */
export function HelpContent({ current }: { readonly current: string }) {
  return (
    <div className="help-body">
      <section aria-labelledby="help-keys">
        <h3 id="help-keys">Keyboard shortcuts</h3>
        <dl>
          {SHORTCUTS.map((s) => (
            <div key={s.action}>
              <dt><kbd>{s.keys}</kbd></dt>
              <dd>{s.does}</dd>
            </div>
          ))}
        </dl>
        <p className="note">Shortcuts act on the mode shown, and wait while you type in a field.</p>
      </section>

      <section aria-labelledby="help-modes">
        <h3 id="help-modes">Modes</h3>
        <dl>
          {MODES.map((m) => (
            <div key={m}>
              <dt>{MODE_TEXT[m].label}</dt>
              <dd>{MODE_TEXT[m].does}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section aria-labelledby="help-samplers">
        <h3 id="help-samplers">Samplers and their parameters</h3>
        {SAMPLER_GROUPS.map(({ family, label, samplers }) => (
          <section key={family} className="help-family" aria-label={label}>
            <h4>{label}</h4>
            {samplers.map((s) => (
              <article key={s.id} className={s.id === current ? 'help-sampler current' : 'help-sampler'}
                data-testid={`help-sampler-${s.id}`} aria-current={s.id === current || undefined}>
                <h5>{s.name} {s.id === current && <span className="help-current">(selected)</span>}</h5>
                <p>{s.description}</p>
                <ul>
                  {Object.entries(s.params).map(([key, spec]) => (
                    <li key={key} data-testid="help-param">
                      <span className="param-name">{paramLabel(spec)}</span> {rangeText(spec)}, default {spec.default}: {spec.doc}
                    </li>
                  ))}
                </ul>
              </article>
            ))}
          </section>
        ))}
      </section>

      <section aria-labelledby="help-targets">
        <h3 id="help-targets">Targets</h3>
        <ul>
          {TARGETS.map((t) => (
            <li key={t.id} data-testid="help-target"><strong>{t.name}</strong> ({dimensionText(t.dimension)}): {t.description}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}

/** The help as a modal dialog: ? or the Help button opens it, Escape or Close closes it, and focus
 * goes back where it was. */
export function HelpOverlay() {
  const open = useUi((s) => s.helpOpen);
  const set = useUi((s) => s.set);
  const sampler = useConfig((s) => s.sampler);
  const ref = useRef<HTMLDialogElement>(null);
  const close = useRef<HTMLButtonElement>(null);
  const returnTo = useRef<Element | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      returnTo.current = document.activeElement;
      dialog.showModal();
      close.current?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  const onClose = () => {
    set({ helpOpen: false });
    if (returnTo.current instanceof HTMLElement && returnTo.current.isConnected) returnTo.current.focus();
  };

  return (
    <dialog ref={ref} className="help-overlay" aria-labelledby="help-title" data-testid="help-overlay" onClose={onClose}>
      <div className="help-head">
        <h2 id="help-title">Help</h2>
        <button type="button" ref={close} onClick={() => set({ helpOpen: false })}>Close</button>
      </div>
      {open && <HelpContent current={sampler} />}
    </dialog>
  );
}
