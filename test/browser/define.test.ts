// The guarded define: a second copy of the widget never throws, and the page hears about it once.
import { expect } from '@open-wc/testing';
import '../../src/components/rever-returns/rever-returns.ts';
import { define } from '../../src/components/internal/define.ts';

describe('define', () => {
  it('defines once, keeps the first copy, and warns once however many copies follow', () => {
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      class First extends HTMLElement {}
      class Second extends HTMLElement {}
      class Third extends HTMLElement {}
      define('rever-define-test', First);
      define('rever-define-test', First);
      expect(warnings).to.have.length(0);
      expect(() => define('rever-define-test', Second)).not.to.throw();
      expect(() => define('rever-returns', Third)).not.to.throw();
      expect(() => define('rever-define-test', Third)).not.to.throw();
      expect(customElements.get('rever-define-test')).to.equal(First);
      expect(customElements.get('rever-returns')).not.to.equal(Third);
      expect(warnings).to.have.length(1);
      expect(String(warnings[0]![0])).to.match(/loaded more than once.*version 0\.1\.0 is in use/);
    } finally {
      console.warn = warn;
    }
  });
});
