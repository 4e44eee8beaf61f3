import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../../src/components/rever-returns/rever-returns.ts';
import type { ReverReturns } from '../../src/components/rever-returns/rever-returns.ts';
import { en } from '../../src/i18n/en.ts';
import { loaders } from '../../src/i18n/i18n.ts';
import { de } from '../../src/i18n/de.ts';
import { es } from '../../src/i18n/es.ts';
import { fr } from '../../src/i18n/fr.ts';
import { it as italian } from '../../src/i18n/it.ts';
import { pt } from '../../src/i18n/pt.ts';
import { createReverClient } from '../../src/services/client.ts';
import { fakeFetch } from './helpers.ts';

/** A proxy never called: these tests stop at the lookup form. */
const PROXY = 'https://proxy.example';

const lookup = (el: ReverReturns) =>
  el.shadowRoot!.querySelector('rever-order-lookup')!.shadowRoot!;
const heading = (el: ReverReturns) => lookup(el).querySelector('h2')!.textContent.trim();
const submitButton = (el: ReverReturns) =>
  lookup(el).querySelector<HTMLButtonElement>('button[type="submit"]')!;

/** Mounts the widget inside `wrap`, as the merchant's page would hold it. */
async function mountIn(wrap: (inner: unknown) => ReturnType<typeof html>) {
  const holder = await fixture<HTMLElement>(
    wrap(html`<rever-returns proxy-url=${PROXY}></rever-returns>`),
  );
  const el = holder.querySelector('rever-returns')!;
  await el.updateComplete;
  await el.shadowRoot!.querySelector('rever-order-lookup')!.updateComplete;
  return el;
}

describe('a language that cannot be loaded', () => {
  // First in this file: no German table is loaded yet, so the failing loader is the one asked.
  it('leaves the widget in English, never blank, and loads it when asked again', async () => {
    const real = loaders.de;
    loaders.de = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
    try {
      const el = await fixture<ReverReturns>(
        html`<rever-returns proxy-url=${PROXY} locale="de"></rever-returns>`,
      );
      await waitUntil(() => lookup(el).querySelector('h2'), 'the lookup');
      expect(heading(el)).to.equal(en['lookup.heading']);
      expect(el.shadowRoot!.querySelector('.frame')!.getAttribute('lang')).to.equal('en');
      loaders.de = real;
      el.locale = 'en';
      await el.updateComplete;
      el.locale = 'de';
      await waitUntil(() => heading(el) === de['lookup.heading'], 'German, once it loads');
    } finally {
      loaders.de = real;
    }
  });
});

describe('the language shown', () => {
  it('takes the locale attribute over any lang', async () => {
    const el = await fixture<ReverReturns>(
      html`<div lang="fr"><rever-returns proxy-url=${PROXY} locale="de"></rever-returns></div>`,
    ).then((d) => d.querySelector('rever-returns')!);
    await el.updateComplete;
    expect(heading(el)).to.equal(de['lookup.heading']);
    expect(el.shadowRoot!.querySelector('.frame')!.getAttribute('lang')).to.equal('de');
  });

  it('renders first in the shopper’s language, not English then the language', async () => {
    const el = document.createElement('rever-returns');
    el.proxyUrl = PROXY;
    el.locale = 'it';
    const headings: string[] = [];
    // The root's own text, rendered in the same update as rever-ready.
    el.addEventListener('rever-ready', () =>
      headings.push(el.shadowRoot!.querySelector('li')!.textContent.trim()),
    );
    document.body.append(el);
    await waitUntil(() => headings.length, 'rever-ready');
    expect(headings).to.deep.equal([italian['progress.lookup']]);
    await el.updateComplete;
    expect(heading(el)).to.equal(italian['lookup.heading']);
    el.remove();
  });

  it('takes the nearest lang, a region variant as its language', async () => {
    const el = await mountIn((inner) => html`<section lang="es-MX"><p>${inner}</p></section>`);
    expect(heading(el)).to.equal(es['lookup.heading']);
    expect(el.shadowRoot!.querySelector('.frame')!.getAttribute('lang')).to.equal('es-MX');
  });

  it('crosses the shadow root of a merchant element that holds it to that host’s lang', async () => {
    const outer = await fixture<HTMLElement>(html`<div lang="pt-BR"><div id="host"></div></div>`);
    const host = outer.querySelector('#host')!;
    const root = host.attachShadow({ mode: 'open' });
    const el = document.createElement('rever-returns');
    el.proxyUrl = PROXY;
    root.append(el);
    await waitUntil(() =>
      el.shadowRoot?.querySelector('rever-order-lookup')?.shadowRoot?.querySelector('h2'),
    );
    expect(heading(el)).to.equal(pt['lookup.heading']);
  });

  describe('without a locale or any lang', () => {
    const page = document.documentElement;
    let pageLang = '';
    beforeEach(() => {
      pageLang = page.lang;
      page.removeAttribute('lang');
    });
    afterEach(() => {
      page.lang = pageLang;
      // The stub is an own property; removing it uncovers the browser's own again.
      delete (navigator as { languages?: unknown }).languages;
    });

    const browserLanguages = (languages: string[]) =>
      Object.defineProperty(navigator, 'languages', { value: languages, configurable: true });

    it('takes the first of the browser’s languages it has', async () => {
      browserLanguages(['ko-KR', 'fr-CA', 'de']);
      const el = await fixture<ReverReturns>(
        html`<rever-returns proxy-url=${PROXY}></rever-returns>`,
      );
      expect(heading(el)).to.equal(fr['lookup.heading']);
    });

    it('falls back to English when it has none of them', async () => {
      browserLanguages(['ko-KR', 'zh']);
      const el = await fixture<ReverReturns>(
        html`<rever-returns proxy-url=${PROXY}></rever-returns>`,
      );
      expect(heading(el)).to.equal(en['lookup.heading']);
    });
  });

  it('switches language when locale changes at runtime, and back', async () => {
    const el = await fixture<ReverReturns>(
      html`<rever-returns proxy-url=${PROXY} locale="en"></rever-returns>`,
    );
    expect(heading(el)).to.equal(en['lookup.heading']);
    el.locale = 'fr';
    await waitUntil(() => heading(el) === fr['lookup.heading'], 'French');
    expect(submitButton(el).textContent.trim()).to.equal(fr['lookup.submit']);
    el.setAttribute('locale', 'de-AT');
    await waitUntil(() => heading(el) === de['lookup.heading'], 'German');
    el.locale = 'en';
    await waitUntil(() => heading(el) === en['lookup.heading'], 'English');
  });

  it('takes the merchant’s strings over the built-in ones, per language or for all', async () => {
    const el = await fixture<ReverReturns>(
      html`<rever-returns
        proxy-url=${PROXY}
        locale="es"
        .strings=${{ 'lookup.heading': 'Start a return', es: { 'lookup.submit': 'Vamos' } }}
      ></rever-returns>`,
    );
    expect(heading(el)).to.equal('Start a return');
    expect(submitButton(el).textContent.trim()).to.equal('Vamos');
    expect(lookup(el).querySelector('label')!.textContent.trim()).to.equal(es['lookup.email']);
    el.strings = { fr: { 'lookup.heading': 'Commencez' } };
    await el.updateComplete;
    expect(heading(el)).to.equal(es['lookup.heading']);
    el.locale = 'fr';
    await waitUntil(() => heading(el) === 'Commencez', 'the French override');
  });
});

describe('theming', () => {
  afterEach(() => emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' }));

  const background = (el: Element) => getComputedStyle(el).backgroundColor;
  const LIGHT = 'rgb(255, 255, 255)';
  const DARK = 'rgb(22, 24, 29)';

  it('follows prefers-color-scheme unless theme forces one', async () => {
    const el = await fixture<ReverReturns>(
      html`<rever-returns proxy-url=${PROXY}></rever-returns>`,
    );
    // Without motion, so colours are read at their end rather than mid-transition.
    await emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
    expect(background(el)).to.equal(LIGHT);
    // Each call sets every feature anew, so reduced motion is asked for again.
    await emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
    expect(background(el)).to.equal(DARK);
    // The steps, in their own shadow roots, get the scheme too.
    expect(getComputedStyle(submitButton(el)).color).to.equal('rgb(11, 26, 51)');
    await expect(el).to.be.accessible();
    el.theme = 'light';
    await el.updateComplete;
    expect(el.getAttribute('theme')).to.equal('light');
    expect(background(el)).to.equal(LIGHT);
    await emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
    el.setAttribute('theme', 'dark');
    expect(background(el)).to.equal(DARK);
  });

  it('reads the merchant’s --rever-* properties in both schemes', async () => {
    const el = await fixture<ReverReturns>(
      html`<rever-returns
        proxy-url=${PROXY}
        style="--rever-color-accent: rgb(90, 0, 120); --rever-radius: 0px; --rever-font-family: serif"
      ></rever-returns>`,
    );
    const button = submitButton(el);
    for (const theme of ['light', 'dark'] as const) {
      el.theme = theme;
      await el.updateComplete;
      expect(getComputedStyle(button).backgroundColor, theme).to.equal('rgb(90, 0, 120)');
      expect(getComputedStyle(button).borderTopLeftRadius).to.equal('0px');
      expect(getComputedStyle(lookup(el).querySelector('h2')!).fontFamily).to.equal('serif');
    }
  });

  it('exposes its parts to the page', async () => {
    const style = document.createElement('style');
    style.textContent = `
      .parts rever-returns::part(heading) { letter-spacing: 3px; }
      .parts rever-returns::part(input) { border-top-width: 5px; }
      .parts rever-returns::part(button) { text-transform: uppercase; }
      .parts rever-returns::part(progress) { margin-top: 7px; }`;
    document.head.append(style);
    try {
      const holder = await fixture<HTMLElement>(
        html`<div class="parts"><rever-returns proxy-url=${PROXY}></rever-returns></div>`,
      );
      const el = holder.querySelector('rever-returns')!;
      await el.updateComplete;
      expect(getComputedStyle(lookup(el).querySelector('h2')!).letterSpacing).to.equal('3px');
      expect(getComputedStyle(lookup(el).querySelector('#email')!).borderTopWidth).to.equal('5px');
      expect(getComputedStyle(submitButton(el)).textTransform).to.equal('uppercase');
      expect(getComputedStyle(el.shadowRoot!.querySelector('ol')!).marginTop).to.equal('7px');
    } finally {
      style.remove();
    }
  });

  /** WCAG relative luminance of a computed `rgb(…)` colour. */
  const luminance = (rgb: string) => {
    const [r, g, b] = rgb
      .match(/[\d.]+/g)!
      .map(Number)
      .map((c) => c / 255);
    const lin = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
  };
  const textOf = (el: ReverReturns) => getComputedStyle(lookup(el).querySelector('h2')!).color;

  it('takes light defaults on a merchant’s light background in dark mode, and dark on a dark one', async () => {
    await emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
    const light = await fixture<ReverReturns>(
      html`<rever-returns
        proxy-url=${PROXY}
        style="--rever-color-background: #fbf8fd"
      ></rever-returns>`,
    );
    expect(background(light)).to.equal('rgb(251, 248, 253)');
    // The measuring module loads once a background is set: wait for it, not a fixed time.
    const darkText = (el: ReverReturns) => luminance(textOf(el)) < 0.05;
    const lightText = (el: ReverReturns) => luminance(textOf(el)) > 0.6;
    await waitUntil(() => darkText(light), 'dark text on the light background');
    await expect(light).to.be.accessible();
    await emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
    const dark = await fixture<ReverReturns>(
      html`<rever-returns
        proxy-url=${PROXY}
        style="--rever-color-background: oklch(25% 0.02 260)"
      ></rever-returns>`,
    );
    await waitUntil(() => lightText(dark), 'light text on the dark background');
    await expect(dark).to.be.accessible();
    // The theme attribute is the merchant's word and still wins.
    dark.theme = 'light';
    await dark.updateComplete;
    expect(darkText(dark)).to.equal(true);
    // A background set later (a stylesheet, a class) is followed on the next update.
    dark.removeAttribute('theme');
    await dark.updateComplete;
    expect(lightText(dark)).to.equal(true);
    dark.style.setProperty('--rever-color-background', '#fff');
    dark.email = 'x';
    await dark.updateComplete;
    expect(darkText(dark)).to.equal(true);
  });

  it('keeps its content inside its own background, off the edge', async () => {
    await emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
    const el = await fixture<ReverReturns>(
      html`<rever-returns proxy-url=${PROXY}></rever-returns>`,
    );
    const box = el.getBoundingClientRect();
    for (const control of [lookup(el).querySelector('h2')!, submitButton(el)]) {
      const { left } = control.getBoundingClientRect();
      expect(left - box.left, control.tagName).to.be.at.least(8);
    }
    expect(box.bottom - submitButton(el).getBoundingClientRect().bottom).to.be.at.least(8);
  });

  it('the theming demo passes axe (colour contrast included) in both schemes, each way', async function () {
    // Eighteen axe runs: three widgets, two system schemes, three settings of the demo's switch.
    this.timeout(60_000);
    // The demo page's own styles and widgets, as it ships (demo/theming.html).
    const page = new DOMParser().parseFromString(
      await (await fetch('/demo/theming.html')).text(),
      'text/html',
    );
    const style = document.createElement('style');
    style.textContent = page.querySelector('head style')!.textContent;
    document.head.append(style);
    const main = await fixture<HTMLElement>(html`<div></div>`);
    main.replaceChildren(...page.querySelector('main')!.children);
    try {
      const widgets = [...main.querySelectorAll('rever-returns')];
      expect(widgets).to.have.length(3);
      for (const system of ['light', 'dark'] as const) {
        await emulateMedia({ colorScheme: system, reducedMotion: 'reduce' });
        // The demo's switch: System (the dark one keeps theme="dark"), Light, Dark.
        for (const forced of ['', 'light', 'dark'] as const) {
          for (const widget of widgets) {
            if (forced) widget.theme = forced;
            else if (widget.id === 'dark') widget.theme = 'dark';
            else widget.removeAttribute('theme');
            await widget.updateComplete;
          }
          for (const widget of widgets) {
            await expect(
              widget,
              `${system} system, ${forced || 'system'} scheme, #${widget.id}`,
            ).to.be.accessible();
          }
        }
      }
    } finally {
      style.remove();
    }
  });

  it('moves nothing when the shopper asked for reduced motion', async () => {
    const el = await fixture<ReverReturns>(
      html`<rever-returns proxy-url=${PROXY}></rever-returns>`,
    );
    const button = submitButton(el);
    await emulateMedia({ reducedMotion: 'no-preference' });
    expect(getComputedStyle(button).transitionDuration).to.match(/^0\.15s/);
    await emulateMedia({ reducedMotion: 'reduce' });
    expect(getComputedStyle(button).transitionDuration).to.match(/^0s/);
  });
});

describe('direction', () => {
  /** A lookup that finds nothing, so the not-found alert (a bordered box with a list) is shown. */
  async function notFound(locale: string, dir: 'ltr' | 'rtl') {
    const { fetch } = fakeFetch({});
    const client = createReverClient({ proxyUrl: PROXY, fetch });
    const holder = await fixture<HTMLElement>(
      html`<div dir=${dir} style="width: 600px">
        <rever-returns locale=${locale} .client=${client}></rever-returns>
      </div>`,
    );
    const el = holder.querySelector('rever-returns')!;
    await waitUntil(
      () => el.shadowRoot!.querySelector('rever-order-lookup')?.shadowRoot?.querySelector('h2'),
      'the lookup',
    );
    const field = (id: string, value: string) => {
      const input = lookup(el).querySelector<HTMLInputElement>(`#${id}`)!;
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    };
    field('email', 'anna@example.com');
    field('orderNumber', '1001');
    submitButton(el).click();
    await waitUntil(() => lookup(el).querySelector('[role="alert"]'), 'the not-found alert');
    const frame = el.shadowRoot!.querySelector<HTMLElement>('.frame')!;
    return { el, frame, alert: lookup(el).querySelector<HTMLElement>('[role="alert"]')! };
  }

  it('keeps English left to right on a right-to-left page', async () => {
    const { el, frame, alert } = await notFound('en', 'rtl');
    expect(frame.getAttribute('dir')).to.equal('ltr');
    expect(getComputedStyle(lookup(el).querySelector('h2')!).direction).to.equal('ltr');
    // The button starts at the left edge, where an English reader looks, and the alert's
    // accent bar is on its left.
    const box = lookup(el).querySelector('form')!.getBoundingClientRect();
    expect(submitButton(el).getBoundingClientRect().left - box.left).to.be.below(2);
    expect(getComputedStyle(alert).borderLeftWidth).to.equal('4px');
    expect(getComputedStyle(alert).borderRightWidth).to.equal('0px');
  });

  it('mirrors Arabic on a left-to-right page: text, controls, borders and list indents', async () => {
    const { el, frame, alert } = await notFound('ar', 'ltr');
    expect(frame.getAttribute('dir')).to.equal('rtl');
    expect(frame.getAttribute('lang')).to.equal('ar');
    const box = lookup(el).querySelector('form')!.getBoundingClientRect();
    const button = submitButton(el).getBoundingClientRect();
    expect(box.right - button.right, 'the button at the right edge').to.be.below(2);
    expect(button.left - box.left, 'and not at the left').to.be.above(100);
    expect(getComputedStyle(alert).borderRightWidth).to.equal('4px');
    expect(getComputedStyle(alert).borderLeftWidth).to.equal('0px');
    const list = getComputedStyle(alert.querySelector('ul')!);
    expect(parseFloat(list.paddingRight)).to.be.above(10);
    expect(list.paddingLeft).to.equal('0px');
    // The progress list reads from the right: its first step is right of its second.
    const [first, second] = el.shadowRoot!.querySelectorAll('.progress li');
    expect(first!.getBoundingClientRect().left).to.be.above(second!.getBoundingClientRect().left);
    await expect(el).to.be.accessible();
  });
});
