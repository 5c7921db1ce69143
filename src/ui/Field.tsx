import type { ReactNode } from 'react';
import { useRun } from '../state/run';

/** Attributes that tie a control to its label, help and error. */
export interface ControlProps {
  readonly id: string;
  readonly 'aria-describedby'?: string;
  readonly 'aria-invalid': boolean;
}

interface Props {
  /** The config field (EngineError.field): the error element is `error-<field>`. */
  readonly field: string;
  readonly label: string;
  readonly help?: string;
  readonly children: (control: ControlProps) => ReactNode;
}

/** A labelled control with its one-line help and the rejection message for its field, if any. */
export function Field({ field, label, help, children }: Props) {
  const error = useRun((s) => s.fieldErrors[field]);
  const described = [help && `help-${field}`, error && `error-${field}`].filter(Boolean).join(' ');
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={`input-${field}`}>{label}</label>
      {children({ id: `input-${field}`, 'aria-describedby': described || undefined, 'aria-invalid': !!error })}
      {help && <p className="help" id={`help-${field}`}>{help}</p>}
      {error && (
        <p className="field-error" id={`error-${field}`} data-testid={`error-${field}`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
