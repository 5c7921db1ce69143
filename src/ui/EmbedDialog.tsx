import { useRef, useState } from 'react';
import { currentPageConfig, pageQuery } from '../embed/schema';
import { elementSnippet, iframeSnippet } from '../embed/snippets';
import './embed-dialog.css';

type Copied = 'iframe' | 'element' | 'refused' | null;

function Snippet({ id, label, text, copied, onCopy }: {
  readonly id: 'iframe' | 'element'; readonly label: string; readonly text: string; readonly copied: Copied; onCopy(): void;
}) {
  return (
    <div className="embed-snippet">
      <label htmlFor={`embed-${id}`}>{label}</label>
      <textarea id={`embed-${id}`} data-testid={`embed-${id}`} readOnly rows={id === 'iframe' ? 4 : 5} value={text}
        onFocus={(e) => e.currentTarget.select()} />
      <button type="button" onClick={onCopy}>Copy {id === 'iframe' ? 'the iframe' : 'the element'}</button>
      {copied === id && <span className="note" role="status">Copied</span>}
    </div>
  );
}

/** "Embed": the HTML that puts this state on another page, as an iframe or as the custom element. */
export function EmbedDialog() {
  const ref = useRef<HTMLDialogElement>(null);
  const [snippets, setSnippets] = useState({ iframe: '', element: '' });
  const [copied, setCopied] = useState<Copied>(null);

  const open = () => {
    // The page's own address, so a deployment under a sub-path embeds from there.
    const page = `${window.location.origin}${window.location.pathname}`;
    const query = pageQuery(currentPageConfig());
    setSnippets({ iframe: iframeSnippet(page, query), element: elementSnippet(page, query) });
    setCopied(null);
    ref.current?.showModal();
  };
  const copy = (id: 'iframe' | 'element') =>
    navigator.clipboard.writeText(snippets[id]).then(() => setCopied(id), () => setCopied('refused'));

  return (
    <>
      <button type="button" aria-haspopup="dialog" onClick={open}>Embed</button>
      <dialog ref={ref} className="help-overlay embed-dialog" aria-labelledby="embed-title" data-testid="embed-dialog">
        <div className="help-head">
          <h2 id="embed-title">Embed this run</h2>
          <button type="button" onClick={() => ref.current?.close()}>Close</button>
        </div>
        <div className="help-body">
          <Snippet id="iframe" label="An iframe" text={snippets.iframe} copied={copied} onCopy={() => copy('iframe')} />
          <Snippet id="element" label="The custom element (it also relays the widget's events)" text={snippets.element}
            copied={copied} onCopy={() => copy('element')} />
          {copied === 'refused' && <p className="note" role="status">The clipboard was refused: select the text and copy it by hand.</p>}
          <p className="note">
            To drive the iframe by postMessage, add <code>&amp;origins=</code> with your page's origin
            (e.g. <code>https://example.org</code>); the element does this itself. The README's "postMessage API" lists the messages.
          </p>
        </div>
      </dialog>
    </>
  );
}
