// The theming page: three widgets on the demo proxy, and a switch for their scheme.
import '../src/index.ts';

declare const __REVER_PROXY_URL__: string;

const widgets = [...document.querySelectorAll('rever-returns')];
for (const widget of widgets) {
  widget.proxyUrl = __REVER_PROXY_URL__;
  widget.email = 'ana.garcia@example.com';
  widget.orderNumber = '1001';
}

document.querySelector('fieldset')!.addEventListener('change', (event) => {
  const scheme = (event.target as HTMLInputElement).value;
  for (const widget of widgets) {
    if (scheme === 'light' || scheme === 'dark') widget.theme = scheme;
    else if (widget.id === 'dark') widget.theme = 'dark';
    else widget.removeAttribute('theme');
  }
});
