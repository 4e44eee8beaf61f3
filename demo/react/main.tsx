// A React single-page app that imports the npm build (`rever-returns`, resolved through the
// package's exports to dist/). The same element is wired two ways: through a @lit/react wrapper
// (props and onX callbacks), and natively (a ref, a property, addEventListener). The two show
// the widget's two history modes: wrapped, it owns the Back button (each step an entry); native,
// `history="none"`, it leaves the history to the app (as under an SPA router).
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { StrictMode, useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import {
  ReverReturns,
  type ReverErrorEvent,
  type ReverReturnConfirmedEvent,
  type ReverStepChangeEvent,
} from 'rever-returns';

/** Where the merchant's proxy answers: the demo serves it on this origin. */
const PROXY_URL = '/rever';

/** The wrapper: properties become props, events become onX callbacks. */
const Returns = createComponent({
  tagName: 'rever-returns',
  elementClass: ReverReturns,
  react: React,
  events: {
    onStepChange: 'rever-step-change' as EventName<ReverStepChangeEvent>,
    onReturnConfirmed: 'rever-return-confirmed' as EventName<ReverReturnConfirmedEvent>,
    onReverError: 'rever-error' as EventName<ReverErrorEvent>,
  },
});

type Log = (line: string) => void;

function WithWrapper({ log }: { log: Log }) {
  return (
    <Returns
      proxyUrl={PROXY_URL}
      locale="en"
      onStepChange={(e) => log(`step ${e.detail.previous} → ${e.detail.step}`)}
      onReturnConfirmed={(e) => log(`confirmed ${e.detail.returnId} (${e.detail.currency})`)}
      onReverError={(e) => log(`error ${e.detail.code}`)}
    />
  );
}

function Native({ log }: { log: Log }) {
  const ref = useRef<ReverReturns>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.proxyUrl = PROXY_URL;
    const onStep = (e: ReverStepChangeEvent) => log(`step ${e.detail.previous} → ${e.detail.step}`);
    const onConfirmed = (e: ReverReturnConfirmedEvent) =>
      log(`confirmed ${e.detail.returnId} (${e.detail.currency})`);
    const onError = (e: ReverErrorEvent) => log(`error ${e.detail.code}`);
    el.addEventListener('rever-step-change', onStep);
    el.addEventListener('rever-return-confirmed', onConfirmed);
    el.addEventListener('rever-error', onError);
    return () => {
      el.removeEventListener('rever-step-change', onStep);
      el.removeEventListener('rever-return-confirmed', onConfirmed);
      el.removeEventListener('rever-error', onError);
    };
  }, [log]);
  // The app owns its history here: the widget adds no entry, Back leaves the app's page.
  return <rever-returns ref={ref} locale="en" history="none" />;
}

type Mode = 'wrapper' | 'native';

function App() {
  const [mode, setMode] = useState<Mode>(location.hash === '#native' ? 'native' : 'wrapper');
  const [lines, setLines] = useState<string[]>([]);
  const log = React.useCallback((line: string) => setLines((all) => [line, ...all]), []);
  const choose = (next: Mode) => {
    history.replaceState(null, '', `#${next}`);
    setLines([]);
    setMode(next);
  };
  return (
    <>
      <p>
        <a href="/demo/">All demos</a>
      </p>
      <h1>Returns in a React app</h1>
      <div className="modes" role="group" aria-label="Wiring">
        <button type="button" aria-pressed={mode === 'wrapper'} onClick={() => choose('wrapper')}>
          @lit/react wrapper
        </button>
        <button type="button" aria-pressed={mode === 'native'} onClick={() => choose('native')}>
          Native element
        </button>
      </div>
      <p data-testid="history-mode">
        {mode === 'wrapper'
          ? 'The widget owns the Back button: each step is a history entry.'
          : 'history="none": the app owns its history; Back leaves this page.'}
      </p>
      {mode === 'wrapper' ? (
        <WithWrapper key="wrapper" log={log} />
      ) : (
        <Native key="native" log={log} />
      )}
      <h2>Seen by React</h2>
      <ol className="log" data-testid="react-log">
        {lines.map((line, i) => (
          <li key={lines.length - i}>{line}</li>
        ))}
      </ol>
    </>
  );
}

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'rever-returns': React.DetailedHTMLProps<React.HTMLAttributes<ReverReturns>, ReverReturns> & {
        locale?: string;
        'proxy-url'?: string;
        history?: 'none' | 'steps';
      };
    }
  }
}

createRoot(document.querySelector('#app')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
