import { useEffect, useRef, useState } from 'react';
import type { ControlProps } from './Field';

/** A pause in typing this long (ms) commits the field, as Enter and leaving it do. */
export const COMMIT_PAUSE_MS = 600;

interface Common extends ControlProps {
  readonly min?: number;
  readonly max?: number;
  readonly step?: number | 'any';
}

/** A field that must hold a number, or one that may be left empty for an automatic value
 * (`auto` names it: the placeholder). */
type Props = Common & (
  | { readonly value: number; readonly onChange: (v: number) => void; readonly auto?: undefined }
  | { readonly value: number | null; readonly onChange: (v: number | null) => void; readonly auto: string }
);

/**
 * A number input that reports an edit when it is committed (Enter, leaving the field, or a
 * pause in typing), so typing "409600" into Chains configures once, not six times. An empty or
 * partial field is NaN, which the engine rejects with a message (null where the field may be
 * automatic); the text stays as typed, so "0." is not rewritten to "0".
 */
export function NumberInput({ value, onChange, auto, ...rest }: Props) {
  const parse = (t: string) => (t.trim() === '' ? (auto === undefined ? NaN : null) : Number(t));
  const [text, setText] = useState(shown(value));
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const latest = useRef({ value, onChange });
  latest.current = { value, onChange };
  // Follow changes made elsewhere (a new sampler's defaults, a new target's dimension).
  useEffect(() => {
    setText((t) => (Object.is(parse(t), value) ? t : shown(value)));
  }, [value]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const commit = (t: string) => {
    clearTimeout(timer.current);
    const v = parse(t);
    if (!Object.is(v, latest.current.value)) (latest.current.onChange as (v: number | null) => void)(v);
  };
  return (
    <input
      type="number"
      inputMode="decimal"
      value={text}
      placeholder={auto}
      onChange={(e) => {
        const t = e.target.value;
        setText(t);
        clearTimeout(timer.current);
        timer.current = setTimeout(() => commit(t), COMMIT_PAUSE_MS);
      }}
      onBlur={() => commit(text)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit(text);
      }}
      {...rest}
    />
  );
}

const shown = (v: number | null) => (v === null ? '' : String(v));
