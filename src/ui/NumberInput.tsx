import { useEffect, useState } from 'react';
import type { ControlProps } from './Field';

interface Props extends ControlProps {
  readonly value: number;
  readonly onChange: (v: number) => void;
  readonly min?: number;
  readonly max?: number;
  readonly step?: number | 'any';
}

/**
 * A number input that reports every edit (an empty or partial field is NaN, which the engine
 * rejects with a message) but keeps the text as typed, so "0." is not rewritten to "0".
 */
export function NumberInput({ value, onChange, ...rest }: Props) {
  const [text, setText] = useState(String(value));
  // Follow changes made elsewhere (a new sampler's defaults, a new target's dimension).
  useEffect(() => {
    setText((t) => (Object.is(parse(t), value) ? t : String(value)));
  }, [value]);
  return (
    <input
      type="number"
      inputMode="decimal"
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(parse(e.target.value));
      }}
      {...rest}
    />
  );
}

const parse = (t: string) => (t.trim() === '' ? NaN : Number(t));
