/**
 * What to do next with the parcel (issue 14, item 5): the instructions' element for each kind of
 * logistics, and in the done step (after the confirmation and in the active returns), printed.
 */
import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import decodeQR from '@paulmillr/qr/decode.js';
import { emulateMedia } from '@web/test-runner-commands';
import type { Logistics } from '../../contract/index.ts';
import '../../src/components/return-instructions/return-instructions.ts';
import type { ReverReturnInstructions } from '../../src/components/return-instructions/return-instructions.ts';
import '../../src/components/rever-returns/rever-returns.ts';
import type { ReverReturns } from '../../src/components/rever-returns/rever-returns.ts';
import { es } from '../../src/i18n/es.ts';
import { createI18n } from '../../src/i18n/i18n.ts';
import { createReverClient } from '../../src/services/client.ts';
import { fakeFetch, json } from './helpers.ts';
import { dropOffPoint, order, reasons, stepDraft } from './fixtures.ts';

const PAYLOAD = 'RVR1|ret_abc|CORREOS|pt_1';

const QR: Logistics = {
  type: 'DROP_OFF',
  carrier: 'Correos',
  qr_code: PAYLOAD,
  return_by: '2026-12-16',
  drop_off_point: dropOffPoint,
};

const LABEL: Logistics = {
  type: 'DROP_OFF',
  carrier: 'UPS',
  label_url: 'https://labels.rever.example/ret_abc.pdf',
  return_by: '2026-12-16',
  drop_off_point: dropOffPoint,
};

const PICKUP: Logistics = {
  type: 'HOME_PICKUP',
  carrier: 'Aramex',
  return_by: '2026-12-20',
  pickup: {
    date: '2026-12-03',
    from: '09:00',
    to: '14:00',
    address: {
      name: 'Ana García',
      line1: 'Calle Mayor 1, 3º B',
      line2: 'Escalera 2',
      city: 'Madrid',
      postal_code: '28013',
      country: 'ES',
    },
  },
};

const NONE: Logistics = { type: 'IN_STORE' };

async function mount(logistics: Logistics) {
  const el = await fixture<ReverReturnInstructions>(
    html`<rever-return-instructions .logistics=${logistics}></rever-return-instructions>`,
  );
  await el.updateComplete;
  return { el, root: el.shadowRoot! };
}

/** The code as a scanner sees it: the SVG rasterised at twice its size, then decoded. */
async function readBack(svgEl: SVGSVGElement): Promise<string> {
  const markup = new XMLSerializer().serializeToString(svgEl);
  const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const size = svgEl.width.baseVal.value * 2;
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = size;
    const ctx = canvas.getContext('2d')!;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(img, 0, 0, size, size);
    const { data } = ctx.getImageData(0, 0, size, size);
    return decodeQR({ width: size, height: size, data });
  } finally {
    URL.revokeObjectURL(url);
  }
}

describe('return instructions', () => {
  afterEach(() => fixtureCleanup());

  it('draws the QR code as SVG that reads back as the payload, with the payload below', async () => {
    const { el, root } = await mount(QR);
    const code = root.querySelector<SVGSVGElement>('svg[part="qr-code"]')!;
    expect(code.getAttribute('role')).to.equal('img');
    expect(code.getAttribute('aria-label')).to.equal('QR code to show at the counter');
    // Large enough to scan from a phone, crisp, with a quiet zone of four modules.
    expect(code.getBoundingClientRect().width).to.be.at.least(200);
    expect(getComputedStyle(code).shapeRendering).to.equal('crispedges');
    const [, , size] = code.getAttribute('viewBox')!.split(' ').map(Number);
    const path = code.querySelector('path')!.getAttribute('d')!;
    const xs = [...path.matchAll(/M(\d+) (\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(Math.min(...xs.map(([x]) => x!))).to.equal(4);
    expect(Math.min(...xs.map(([, y]) => y!))).to.equal(4);
    expect(Math.max(...xs.map(([, y]) => y!))).to.equal(size! - 5);
    // Lit templates only: no markup from strings anywhere in it.
    expect(code.querySelectorAll('rect')).to.have.length(1);
    expect(await readBack(code)).to.equal(PAYLOAD);
    expect(root.querySelector('.payload code')!.textContent).to.equal(PAYLOAD);
    const text = root.textContent.replace(/\s+/g, ' ');
    expect(text).to.contain('Drop-off point with Correos');
    expect(text).to.contain('Show this code at the counter');
    expect(text).to.contain('Papelería Sol (Correos)');
    expect(text).to.contain('Calle del Sol 4');
    expect(text).to.contain('28013 Madrid');
    expect(text).to.contain('Send it by December 16, 2026.');
    expect(root.querySelector('a[part="label-link"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('links to the printed label in a new tab, without an opener', async () => {
    const { el, root } = await mount(LABEL);
    const link = root.querySelector<HTMLAnchorElement>('a[part="label-link"]')!;
    expect(link.textContent.trim()).to.equal('Download label (PDF)');
    expect(link.href).to.equal('https://labels.rever.example/ret_abc.pdf');
    expect(link.target).to.equal('_blank');
    expect(link.rel.split(' ')).to.include.members(['noopener', 'noreferrer']);
    expect(root.textContent).to.contain('Print the label and stick it on the parcel.');
    expect(root.querySelector('svg')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it("gives the pickup day, hours and address, in the shopper's language", async () => {
    const { el, root } = await mount(PICKUP);
    const text = root.textContent.replace(/\s+/g, ' ');
    expect(text).to.contain('Home pickup with Aramex');
    expect(text).to.contain(
      'The courier collects it on Thursday, December 3, 09:00\u201314:00, at:',
    );
    expect(text).to.contain('Ana García');
    expect(text).to.contain('Escalera 2');
    expect(text).to.contain('No label needed.');
    expect(text).to.contain('Send it by December 20, 2026.');
    await expect(el).to.be.accessible();

    el.i18n = createI18n('es', es);
    await el.updateComplete;
    const spanish = root.textContent.replace(/\s+/g, ' ');
    expect(spanish).to.contain(
      'El mensajero lo recoge el jueves, 3 de diciembre, 09:00\u201314:00',
    );
    expect(spanish).to.contain('Envíalo antes del 20 de diciembre de 2026.');
  });

  it('says no label is needed for a method without one, and names an unknown type', async () => {
    const { el, root } = await mount(NONE);
    const text = root.textContent.replace(/\s+/g, ' ');
    expect(text).to.contain('In store');
    expect(text).to.contain('No label needed.');
    expect(text).not.to.contain('Send it by');
    expect(root.querySelector('svg, a, address')).to.equal(null);
    await expect(el).to.be.accessible();

    el.logistics = { type: 'PARCEL_LOCKER', label_url: 'https://labels.rever.example/x.pdf' };
    await el.updateComplete;
    expect(root.textContent).to.contain('parcel locker');
    expect(root.textContent).not.to.contain('No label needed.');
  });

  it('prints from its button, marked as the one printing until the dialog closes', async () => {
    const { el, root } = await mount(QR);
    const print = window.print.bind(window);
    let marked: boolean | undefined;
    window.print = () => (marked = el.hasAttribute('printing'));
    try {
      root.querySelector<HTMLButtonElement>('button[part~="print-button"]')!.click();
    } finally {
      window.print = print;
    }
    expect(marked).to.equal(true);
    window.dispatchEvent(new Event('afterprint'));
    expect(el.hasAttribute('printing')).to.equal(false);
  });
});

describe('instructions in the done step', () => {
  const KEY = 'rever-returns:v1:https://proxy.example';
  const draft = { ...stepDraft(order, 'STORE_CREDIT'), pendingCredit: 2995 };
  const item = (id: string, status: string, extra: object) => ({
    id,
    order_id: 'ord_1001',
    status,
    created_at: '2026-11-20T10:00:00Z',
    line_items: [{ line_item_id: 'li_1', name: 'Linen shirt', quantity: 1 }],
    tracking: null,
    ...extra,
  });
  const returns = [
    // The one just confirmed: its instructions are shown once, above the list.
    item('ret_abc', 'RUNNING', { logistics: QR }),
    // Waiting for the parcel (an unknown status may be waiting too).
    item('ret_label', 'ON_HOLD', { logistics: LABEL }),
    item('ret_new', 'AWAITING_DROP_OFF', { logistics: PICKUP }),
    // On its way (a carrier tracks it), and settled: nothing to do.
    item('ret_sent', 'RUNNING', {
      logistics: NONE,
      tracking: { carrier: 'UPS', tracking_number: '1Z', tracking_url: 'https://track.example/1Z' },
    }),
    item('ret_done', 'COMPLETED', { logistics: NONE }),
  ];

  afterEach(async () => {
    await emulateMedia({ media: 'screen' });
    fixtureCleanup();
    sessionStorage.clear();
  });

  async function confirmed() {
    sessionStorage.setItem(KEY, JSON.stringify({ step: 'review', draft }));
    const fake = fakeFetch({
      'GET /returns/ret_abc/return_reasons': () => json({ return_reasons: reasons }),
      'GET /returns/ret_abc/refund_options': () =>
        json({ refund_options: [{ method: 'STORE_CREDIT' }] }),
      'POST /returns/ret_abc/confirm': () =>
        json({
          return_id: 'ret_abc',
          status: 'RUNNING',
          summary: { refund_total: 0, credit_total: 2995, currency: 'EUR' },
          logistics: QR,
        }),
      'GET /returns': () => json({ returns }),
    });
    const client = createReverClient({ proxyUrl: 'https://proxy.example', fetch: fake.fetch });
    const el = await fixture<ReverReturns>(
      html`<rever-returns proxy-url="https://proxy.example" .client=${client}></rever-returns>`,
    );
    const review = el.shadowRoot!.querySelector('rever-return-review')!;
    await waitUntil(() => review.shadowRoot?.querySelector('form button'), 'review');
    review.shadowRoot!.querySelector<HTMLButtonElement>('form button')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('rever-active-returns'), 'done');
    const done = el.shadowRoot!.querySelector('rever-active-returns')!;
    const blocks = () =>
      [...done.shadowRoot!.querySelectorAll('rever-return-instructions')].filter((b) =>
        b.shadowRoot?.querySelector('[part="instructions"]'),
      );
    await waitUntil(() => blocks().length === 3, 'three instructions drawn');
    return { el, done: done.shadowRoot!, blocks: blocks() };
  }

  it('follows the confirmation, and each other return waiting for its parcel', async () => {
    const { el, done, blocks } = await confirmed();
    // Above the list: the confirmed return's, with its code.
    expect(blocks[0]!.closest('li')).to.equal(null);
    expect(blocks[0]!.shadowRoot!.querySelector('svg[part="qr-code"]')).not.to.equal(null);
    const ids = blocks
      .slice(1)
      .map((b) => b.closest('li')!.querySelector('code.ref, strong')!.textContent);
    expect(ids).to.deep.equal(['ret_label', 'ret_new']);
    expect(blocks[1]!.getAttribute('level')).to.equal('4');
    expect(blocks[1]!.shadowRoot!.querySelector('h4')).not.to.equal(null);
    expect(done.querySelectorAll('.returns > li')).to.have.length(5);
    await expect(el).to.be.accessible();

    // Themed from the page through the root's parts.
    const style = document.createElement('style');
    style.textContent =
      'rever-returns::part(qr-code) { outline: 3px solid rgb(1, 2, 3) } ' +
      'rever-returns::part(print-button) { letter-spacing: 3px }';
    document.head.append(style);
    try {
      const inner = blocks[0]!.shadowRoot!;
      expect(getComputedStyle(inner.querySelector('svg')!).outlineColor).to.equal('rgb(1, 2, 3)');
      expect(getComputedStyle(inner.querySelector('button')!).letterSpacing).to.equal('3px');
    } finally {
      style.remove();
    }
  });

  it("prints the instructions only; from one block's button, that block only", async () => {
    const { el, done, blocks } = await confirmed();
    const shown = (node: Element) => node.checkVisibility();
    expect(shown(done.querySelector('h2')!)).to.equal(true);
    await emulateMedia({ media: 'print' });
    // Everything of the widget but the instructions is gone from the page.
    expect(shown(el.shadowRoot!.querySelector('.progress')!)).to.equal(false);
    expect(shown(done.querySelector('h2')!)).to.equal(false);
    expect(shown(done.querySelector('rever-credit-summary, dl')!)).to.equal(false);
    expect(shown(done.querySelector('section > button')!)).to.equal(false);
    const sent = [...done.querySelectorAll('.returns > li')].find((li) =>
      li.textContent.includes('ret_sent'),
    )!;
    expect(shown(sent)).to.equal(false);
    // A listed return's own words (status, date) take no room: their text shrinks to nothing.
    const label = blocks[1]!.closest('li')!;
    expect(getComputedStyle(label).fontSize).to.equal('0px');
    for (const block of blocks) {
      expect(shown(block)).to.equal(true);
      const box = block.shadowRoot!.querySelector('[part="instructions"]')!;
      expect(getComputedStyle(box).color).to.equal('rgb(0, 0, 0)');
      expect(shown(block.shadowRoot!.querySelector('[part~="print-button"]')!)).to.equal(false);
    }
    expect(
      blocks[0]!.shadowRoot!.querySelector('svg')!.getBoundingClientRect().width,
    ).to.be.at.least(200);

    // The label's Print button: while the dialog is open only its return's instructions show.
    const print = window.print.bind(window);
    let during: boolean[] = [];
    window.print = () => (during = blocks.map(shown));
    try {
      blocks[1]!.shadowRoot!.querySelector<HTMLButtonElement>('[part~="print-button"]')!.click();
    } finally {
      window.print = print;
    }
    expect(during).to.deep.equal([false, true, false]);
    window.dispatchEvent(new Event('afterprint'));
    expect(blocks.map(shown)).to.deep.equal([true, true, true]);
  });
});
