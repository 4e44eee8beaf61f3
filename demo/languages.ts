// The languages page: one widget per language on the demo proxy, and one switched at runtime
// with a merchant's override of two strings.
import '../src/index.ts';
import type { ReverReturns } from '../src/index.ts';

declare const __REVER_PROXY_URL__: string;

for (const widget of document.querySelectorAll('rever-returns')) {
  widget.proxyUrl = __REVER_PROXY_URL__;
}

const widget = document.querySelector<ReverReturns>('#switched')!;
widget.strings = {
  'lookup.heading': 'Start a return',
  es: { 'lookup.heading': 'Empieza tu devolución' },
  fr: { 'lookup.heading': 'Commencez votre retour' },
};

document.querySelector<HTMLSelectElement>('#switcher')!.addEventListener('change', (event) => {
  const value = (event.target as HTMLSelectElement).value;
  // Unset, the widget goes back to the nearest lang, then the browser's languages.
  widget.locale = value || undefined;
});
