import { ContextConsumer } from '@lit/context';
import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { Request, TaskStatus } from '../../src/components/internal/request.ts';
import { consume, i18nContext, Provided } from '../../src/context.ts';
import { createI18n, type I18n } from '../../src/i18n/i18n.ts';

/** A consumer of the strings, as the steps are, that records every value it hears. */
class StringsConsumer extends LitElement {
  heard: string[] = [];
  constructor() {
    super();
    consume(this, i18nContext, (i18n) => this.heard.push(i18n.locale));
  }
}
customElements.define('test-strings-consumer', StringsConsumer);

/** A host the Request updates: counts the updates it asks for. */
const host = () => {
  const h = { updates: 0, requestUpdate: () => void h.updates++ };
  return h;
};

const deferred = <T>() => {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

describe('the context protocol (src/context.ts)', () => {
  it('answers a consumer with the value, then every change, and lets go when it leaves', async () => {
    const root = await fixture<HTMLDivElement>(html`<div></div>`);
    const provided = new Provided<I18n>(root, i18nContext, createI18n('de'));
    const el = document.createElement('test-strings-consumer') as StringsConsumer;
    root.append(el);
    expect(el.heard).to.deep.equal(['de']);
    provided.set(createI18n('fr'));
    expect(el.heard).to.deep.equal(['de', 'fr']);
    el.remove();
    provided.set(createI18n('es'));
    expect(el.heard).to.deep.equal(['de', 'fr']);
  });

  it('tells nobody when the value set is the same one', async () => {
    const root = await fixture<HTMLDivElement>(html`<div></div>`);
    const same = createI18n('ja');
    const provided = new Provided<I18n>(root, i18nContext, same);
    const el = document.createElement('test-strings-consumer') as StringsConsumer;
    root.append(el);
    provided.set(same);
    expect(el.heard).to.deep.equal(['ja']);
  });

  it('the nearest provider answers, and a provider does not answer its own request', async () => {
    const outer = await fixture<HTMLDivElement>(
      html`<div><test-strings-consumer></test-strings-consumer></div>`,
    );
    new Provided<I18n>(outer, i18nContext, createI18n('it'));
    const self = outer.querySelector<StringsConsumer>('test-strings-consumer')!;
    // The consumer is also a provider of the same context: its own request goes above it.
    new Provided<I18n>(self, i18nContext, createI18n('pt'));
    self.remove();
    outer.append(self);
    expect(self.heard.at(-1)).to.equal('it');
    const inner = document.createElement('test-strings-consumer') as StringsConsumer;
    self.append(inner);
    expect(inner.heard).to.deep.equal(['pt']);
  });

  it("speaks @lit/context's events: its consumer hears this provider", async () => {
    const root = await fixture<HTMLDivElement>(html`<div></div>`);
    const provided = new Provided<I18n>(root, i18nContext, createI18n('ar'));
    const el = document.createElement('test-strings-consumer') as StringsConsumer;
    const lit = new ContextConsumer(el, { context: i18nContext, subscribe: true });
    root.append(el);
    expect(lit.value?.locale).to.equal('ar');
    provided.set(createI18n('en'));
    expect(lit.value?.locale).to.equal('en');
  });
});

describe('Request (internal/request.ts), as a Task with autoRun false', () => {
  it('goes pending, then complete, calling onComplete with the result', async () => {
    const h = host();
    const done: string[] = [];
    const answer = deferred<string>();
    const request = new Request(h, {
      task: () => answer.promise,
      onComplete: (result: string) => done.push(result),
      onError: () => done.push('error'),
    });
    expect(request.status).to.equal(TaskStatus.INITIAL);
    const run = request.run(['a']);
    expect(request.status).to.equal(TaskStatus.PENDING);
    answer.resolve('found');
    await run;
    expect(request.status).to.equal(TaskStatus.COMPLETE);
    expect(done).to.deep.equal(['found']);
    expect(h.updates).to.equal(2);
  });

  it('keeps the error and calls onError when the task fails', async () => {
    const failures: unknown[] = [];
    const boom = new Error('boom');
    const request = new Request(host(), {
      task: () => Promise.reject(boom),
      onComplete: () => {},
      onError: (e) => failures.push(e),
    });
    await request.run([]);
    expect(request.status).to.equal(TaskStatus.ERROR);
    expect(request.error).to.equal(boom);
    expect(failures).to.deep.equal([boom]);
  });

  it('a newer run aborts the pending one, whose outcome is ignored', async () => {
    const done: string[] = [];
    const signals: AbortSignal[] = [];
    const answers = [deferred<string>(), deferred<string>()];
    const request = new Request(host(), {
      task: (_args: number, { signal }) => (
        signals.push(signal),
        answers[signals.length - 1]!.promise
      ),
      onComplete: (result: string) => done.push(result),
      onError: () => done.push('error'),
    });
    const first = request.run(0);
    const second = request.run(1);
    expect(signals[0]!.aborted).to.equal(true);
    answers[1]!.resolve('second');
    answers[0]!.resolve('first');
    await Promise.all([first, second]);
    expect(done).to.deep.equal(['second']);
    expect(request.status).to.equal(TaskStatus.COMPLETE);
  });

  it('abort aborts only a pending run', async () => {
    const signals: AbortSignal[] = [];
    const request = new Request(host(), {
      task: (_args: null, { signal }) => (signals.push(signal), Promise.resolve('x')),
      onComplete: () => {},
      onError: () => {},
    });
    await request.run(null);
    request.abort();
    expect(signals[0]!.aborted).to.equal(false);
    const answer = deferred<string>();
    const pending = new Request(host(), {
      task: (_args: null, { signal }) => (signals.push(signal), answer.promise),
      onComplete: () => {},
      onError: () => {},
    });
    void pending.run(null);
    pending.abort();
    expect(signals[1]!.aborted).to.equal(true);
  });
});
