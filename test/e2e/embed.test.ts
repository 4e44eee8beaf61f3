// The three ways to embed, end to end: Debian's Chromium against the BUILT files (dist/cdn,
// the npm build bundled into the React demo), in the demo's host pages served with a strict CSP
// header, through the reference proxy in front of the embedded mock. Each test completes a whole
// return and finds no console error and no CSP violation. Screenshots: test-results/e2e/<page>/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  assertClean,
  backAndForward,
  completeReturn,
  demoPages,
  findOrder,
  heading,
  screenshots,
  until,
  widgetOf,
  type Watched,
} from './support.ts';

const demo = demoPages();

/** A whole return went through cleanly (assertClean), asking the proxy as much as one does. */
function assertWholeReturn(w: Watched) {
  assertClean(w);
  // A whole return asks the proxy at least: the intent, the reasons, a line each, the refund and
  // exchange options, a choice each, the confirmation and the active returns.
  assert.ok(w.rever.length >= 10, `${w.rever.length} requests to the proxy`);
}

/** The events the host page's own script saw reach the document (demo/embed/events.js). */
async function pageEvents(w: Watched): Promise<string[]> {
  return w.page.locator('#events li').allTextContents();
}

describe('embedding the built widget', () => {
  for (const [page, what] of [
    ['script-tag', 'the script tag (the loader of the ES build)'],
    ['standalone', 'the standalone IIFE'],
  ] as const) {
    it(`a plain page with ${what}, under a strict CSP with Trusted Types`, async () => {
      const w = await demo.page();
      const response = await demo.open(w, `/demo/embed/${page}.html`);
      const csp = response.headers()['content-security-policy'] ?? '';
      for (const directive of [
        "script-src 'self'",
        "style-src 'self'",
        "require-trusted-types-for 'script'",
      ]) {
        assert.ok(csp.includes(directive), `the page is sent with ${directive}`);
      }
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);

      await completeReturn(w.page, widgetOf(w), screenshots(w.page, page));

      const events = await pageEvents(w);
      assert.ok(events.some((e) => e.startsWith('rever-return-confirmed {"returnId":"ret_')));
      assertWholeReturn(w);
      // The policy is really enforced here: a string into an HTML sink is refused.
      const refused = await w.page.evaluate(() => {
        try {
          document.body.insertAdjacentHTML('beforeend', '<b>x</b>');
          return '';
        } catch (error) {
          return String(error);
        }
      });
      assert.match(refused, /TrustedHTML/);
      // …and reported: the violation listener that found none above does hear one.
      await until(() => w.violations.length > 0, 'the violation report');
      assert.match(w.violations[0]!, /^require-trusted-types-for /);
    });
  }

  it('a CMS page with hostile global CSS and a strict CSP: usable, unchanged, leaking nothing', async () => {
    const w = await demo.page();
    await demo.open(w, '/demo/embed/cms.html');
    const widget = widgetOf(w);
    await widget.getByRole('button', { name: 'Find my order' }).waitFor();

    // The page's `* { all: unset }` made the host inline, and its body font is huge italic
    // Comic Sans in uppercase: the widget's own frame shows none of it.
    const look = await w.page.evaluate(() => {
      const host = document.querySelector('rever-returns')!;
      const frame = host.shadowRoot!.querySelector('.frame')!;
      const button = host
        .shadowRoot!.querySelector('rever-order-lookup')!
        .shadowRoot!.querySelector('button')!;
      const style = getComputedStyle(frame);
      const body = getComputedStyle(document.body);
      return {
        hostDisplay: getComputedStyle(host).display,
        bodyFont: body.fontFamily,
        bodyTransform: body.textTransform,
        frame: {
          display: style.display,
          fontFamily: style.fontFamily,
          fontSize: style.fontSize,
          fontStyle: style.fontStyle,
          textTransform: style.textTransform,
          letterSpacing: style.letterSpacing,
          color: style.color,
        },
        buttonDisplay: getComputedStyle(button).display,
        buttonHeight: button.getBoundingClientRect().height,
      };
    });
    assert.equal(look.hostDisplay, 'inline', 'the page did reach the host');
    assert.match(look.bodyFont, /Comic Sans/, 'the page is hostile');
    assert.equal(look.bodyTransform, 'uppercase');
    assert.equal(look.frame.display, 'block');
    assert.doesNotMatch(look.frame.fontFamily, /Comic/);
    assert.equal(look.frame.fontSize, '16px');
    assert.equal(look.frame.fontStyle, 'normal');
    assert.equal(look.frame.textTransform, 'none');
    assert.equal(look.frame.letterSpacing, 'normal');
    assert.equal(look.frame.color, 'rgb(26, 26, 26)');
    assert.notEqual(look.buttonDisplay, 'none');
    assert.ok(look.buttonHeight >= 44, `a full-size button (${look.buttonHeight}px)`);

    await completeReturn(w.page, widget, screenshots(w.page, 'cms-hostile-css'));

    // Nothing of the widget's reached the document: only the page's own stylesheet.
    const sheets = await w.page.evaluate(() => ({
      linked: [...document.styleSheets].map(
        (s) => s.href?.replace(location.origin, '') ?? 'inline',
      ),
      adopted: document.adoptedStyleSheets.length,
      styleElements: document.querySelectorAll('style').length,
    }));
    assert.deepEqual(sheets, { linked: ['/demo/embed/cms.css'], adopted: 0, styleElements: 0 });
    assertWholeReturn(w);
  });

  it("inside the host page's own shadow root", async () => {
    const w = await demo.page();
    await demo.open(w, '/demo/embed/shadow-host.html');
    const widget = w.page.locator('shop-account-panel rever-returns');
    await completeReturn(w.page, widget, screenshots(w.page, 'shadow-host'));
    // Composed events cross the host's shadow root to the document.
    const events = await pageEvents(w);
    assert.ok(events.some((e) => e.startsWith('rever-return-confirmed')));
    assert.ok(events.some((e) => e.startsWith('rever-order-found {"orderId":"ord_1001"')));
    assertWholeReturn(w);
  });

  for (const mode of ['wrapper', 'native'] as const) {
    it(`a React app importing the npm build, wired ${mode === 'wrapper' ? 'through @lit/react' : 'natively'}`, async () => {
      const w = await demo.page();
      await demo.open(w, `/demo/react/#${mode}`);
      const pressed = w.page.getByRole('button', { pressed: true });
      assert.equal(
        await pressed.textContent(),
        mode === 'wrapper' ? '@lit/react wrapper' : 'Native element',
      );
      await completeReturn(w.page, widgetOf(w), screenshots(w.page, `react-${mode}`));
      // React itself heard the events: rendered from its own state.
      const log = w.page.getByTestId('react-log');
      await until(
        async () => ((await log.textContent()) ?? '').includes('confirmed ret_'),
        'React saw the confirmation',
      );
      const lines = await log.locator('li').allTextContents();
      assert.ok(lines.includes('step review → done'), lines.join('\n'));
      assert.ok(lines.includes('step lookup → items'));
      assertWholeReturn(w);
    });
  }

  it('the Back button on the script-tag page: back through the steps and forward again', async () => {
    const w = await demo.page();
    await demo.open(w, '/demo/embed/script-tag.html?from=mail#returns');
    await backAndForward(w.page, widgetOf(w), w.rever);
    assert.equal(new URL(w.page.url()).hash, '#returns');
    assert.equal(new URL(w.page.url()).search, '?from=mail');
    assert.deepEqual(w.errors, [], 'console errors');
  });

  it('the Back button in the React demo: the widget owns it wrapped, not with history="none"', async () => {
    const w = await demo.page();
    await demo.open(w, '/demo/react/#wrapper');
    const widget = widgetOf(w);
    await backAndForward(w.page, widget, w.rever);
    assert.equal(new URL(w.page.url()).hash, '#wrapper');
    assert.deepEqual(w.errors, [], 'console errors');

    // A fresh tab (the wrapper's draft stays in its own), the element natively, history="none".
    const n = await demo.page();
    await demo.open(n, '/demo/react/#native');
    const native = widgetOf(n);
    await heading(native, 'Find your order').waitFor();
    const entries = () => n.page.evaluate(() => history.length);
    const before = await entries();
    await findOrder(native, 'ana.garcia@example.com', '1001');
    await heading(native, 'Choose the items to return').waitFor();
    assert.equal(await entries(), before, 'history="none" adds no entry');
    assert.equal(await n.page.evaluate(() => history.state as unknown), null, 'nor any state');
    assert.deepEqual(n.errors, [], 'console errors');
  });

  it('loaded three times, one of them another version: one warning, no error, still works', async () => {
    const w = await demo.page();
    // The ES copy on this page claims another version, as an app bundle with an older release would.
    const es = readFileSync('dist/cdn/rever-returns.js', 'utf8');
    const other = es.replace(/(["'])0\.1\.0\1/, '"9.9.9"');
    assert.notEqual(other, es, 'the version is in the bundle');
    await w.page.route('**/dist/cdn/rever-returns.js', (route) =>
      route.fulfill({ body: other, contentType: 'text/javascript' }),
    );
    await demo.open(w, '/demo/embed/twice.html');
    await completeReturn(w.page, widgetOf(w), screenshots(w.page, 'loaded-three-times'));
    const copies = w.warnings.filter((m) => m.startsWith('rever-returns:'));
    assert.equal(copies.length, 1, w.warnings.join('\n'));
    assert.match(copies[0]!, /version 0\.1\.0 is in use and this copy \(9\.9\.9\) is ignored/);
    assert.deepEqual(w.warnings, copies, 'no other warning');
    assertWholeReturn(w);
  });
});
