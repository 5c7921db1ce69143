import { useMemo, useState } from 'react';
import { useConfig } from '../state/config';
import { customTarget, expressionCompiler } from '../targets/custom';

/** What the editor says about the text being typed. */
interface Verdict {
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
  /** The expression's dimension when it can run. */
  readonly d: number | null;
}

function judge(text: string): Verdict {
  const compiled = customTarget(text);
  if (!compiled.ok) {
    return {
      errors: compiled.errors.map((e) => (e.position !== undefined ? `${e.message} (at character ${e.position + 1})` : e.message)),
      warnings: [],
      d: null,
    };
  }
  // The compiler is loaded: the custom target is only chosen after it (Controls).
  const { errors, warnings } = expressionCompiler()!.checkExpression(compiled.target);
  const d = compiled.target.dimension.kind === 'fixed' ? compiled.target.dimension.d : 2;
  return { errors, warnings, d: errors.length === 0 ? d : null };
}

/**
 * The user's log-density, checked on every keystroke: only an expression that compiles and is
 * finite at the view's centre reaches the run, so the last valid one keeps running meanwhile.
 */
export function ExpressionEditor() {
  const running = useConfig((c) => c.expression);
  const setExpression = useConfig((c) => c.setExpression);
  const [text, setText] = useState(running);
  const verdict = useMemo(() => judge(text), [text]);
  const stale = verdict.d === null && text !== running;
  return (
    <div className={`field${verdict.errors.length ? ' invalid' : ''}`}>
      <label htmlFor="input-expression">log p(x, y), or log p(x[1], …, x[d])</label>
      <textarea
        id="input-expression" rows={3} spellCheck={false} value={text}
        aria-invalid={verdict.errors.length > 0} aria-describedby="help-expression expression-problems"
        onChange={(e) => {
          const next = e.target.value;
          setText(next);
          const v = judge(next);
          if (v.d !== null) setExpression(next, v.d);
        }}
      />
      <p className="help" id="help-expression">
        Up to a constant. + − * / ^, exp, log, sqrt, sin, cos, tan, tanh, abs, log1p, expm1, pow, min, max, pi, e.
      </p>
      <div id="expression-problems">
        {verdict.errors.map((m) => <p key={m} className="field-error" role="alert" data-testid="expression-error">{m}</p>)}
        {verdict.warnings.map((m) => <p key={m} className="field-warning" data-testid="expression-warning">{m}</p>)}
        {stale && <p className="help" data-testid="expression-stale">Still running: <code>{running}</code></p>}
      </div>
    </div>
  );
}
