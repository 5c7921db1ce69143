import { useEffect, useRef, useState } from 'react';
import { pageLink } from '../embed/share';

/** How long "Copied" stays shown, ms. */
const COPIED_MS = 2000;

type CopyState = { readonly kind: 'idle' } | { readonly kind: 'copied' } | { readonly kind: 'refused'; readonly link: string };

/** Copies a link to what is on screen (same run, seed, view, panels and mode). Where the clipboard
 * is refused, the link is shown selected for copying by hand. */
export function CopyLink() {
  const [state, setState] = useState<CopyState>({ kind: 'idle' });
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = async () => {
    const link = pageLink();
    clearTimeout(timer.current);
    try {
      await navigator.clipboard.writeText(link);
      setState({ kind: 'copied' });
      timer.current = setTimeout(() => setState({ kind: 'idle' }), COPIED_MS);
    } catch {
      setState({ kind: 'refused', link });
    }
  };

  return (
    <span className="copy-link">
      <button type="button" data-testid="copy-link" onClick={copy}>Copy link</button>
      <span role="status" className="note">
        {state.kind === 'copied' && 'Copied'}
        {state.kind === 'refused' && (
          <>
            The clipboard was refused; copy this link:{' '}
            <input type="text" readOnly aria-label="Link to this page" value={state.link} size={30}
              autoFocus onFocus={(e) => e.currentTarget.select()} />
          </>
        )}
      </span>
    </span>
  );
}
