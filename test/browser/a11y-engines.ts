/**
 * Two accessibility engines guard the widget: wherever a test asserts
 * `await expect(el).to.be.accessible()`, axe-core runs (chai-a11y-axe, from @open-wc/testing)
 * and then IBM's Equal Access engine (accessibility-checker-engine, policy `IBM_Accessibility`),
 * and a violation of either fails the test. Loaded before every test file by
 * web-test-runner.config.js (`testRunnerHtml`), after the engine's own script (`ace.js`, a
 * classic script defining the global `ace`). The engine walks into open shadow roots.
 */
import { chai } from '@open-wc/testing';

export interface AceResult {
  ruleId: string;
  reasonId: string;
  value: [string, string];
  path: { dom: string };
  message: string;
  snippet: string;
}
interface AceChecker {
  check(target: Document | Element, policies: string[]): Promise<{ results: AceResult[] }>;
}
declare const ace: { Checker: new () => AceChecker };

/**
 * Rules left out of the `accessible` assertion, each with why (test/browser/a11y-engines.test.ts
 * runs them where they apply).
 */
const IGNORED: Record<string, string> = {
  // "Content is not within a landmark element": a page's rule. The widget is part of the shop's
  // page and has no landmark of its own; in the shop's <main> it passes (the engine looks through
  // the shadow roots to the host's landmark, tested), but a test fixture sits in a bare <div>.
  aria_content_in_landmark: 'page structure, not the widget',
};

/**
 * Findings of IBM's engine not fixed yet, left out by rule AND reason only (every other reason
 * of these rules still fails a test). Open work, not false positives (issue 16 item 9):
 * - the refund/exchange and return method steps have radios of one name in different groups
 *   (a line's method radios around its nested exchange options or bank fields; the method,
 *   point and slot radios of Send it back);
 * - in the theming test's merchant-background cases the engine computes the progress list's
 *   contrast against a background other than the one drawn (1.16 and 2.04, where axe measures a
 *   pass): to find out whether the engine misses the scheme the background chose.
 */
const OPEN: Record<string, string> = {
  'input_checkboxes_grouped/fail_notsamegroup': 'radios of one name across nested groups',
  'text_contrast_sufficient/fail_contrast': 'merchant background: to investigate',
};

let checker: AceChecker | undefined;
let checks = 0;

/** How many elements the `accessible` assertion has run IBM's engine on so far. */
export const ibmChecks = () => checks;

/** Everything IBM's engine reports on `element`, its shadow roots included. */
export async function ibmResults(element: Element): Promise<AceResult[]> {
  checker ??= new ace.Checker();
  return (await checker.check(element, ['IBM_Accessibility'])).results;
}

/** IBM's violations in `element` (its level `violation`: value VIOLATION and FAIL), as lines. */
export async function ibmViolations(element: Element): Promise<string[]> {
  return (await ibmResults(element))
    .filter(
      (r) =>
        r.value[0] === 'VIOLATION' &&
        r.value[1] === 'FAIL' &&
        !(r.ruleId in IGNORED) &&
        !(`${r.ruleId}/${r.reasonId}` in OPEN),
    )
    .map((r) => `${r.ruleId} (${r.reasonId}): ${r.message}\n  at ${r.path.dom}: ${r.snippet}`);
}

chai.use((_chai, utils) => {
  utils.overwriteMethod(
    _chai.Assertion.prototype,
    'accessible',
    (axe: (...args: unknown[]) => PromiseLike<void>) =>
      function (this: Chai.AssertionStatic & { then?: unknown }, ...args: unknown[]) {
        const asserted = axe.apply(this, args);
        // `not.accessible` stays axe's alone.
        if (utils.flag(this, 'negate')) return asserted;
        const element = utils.flag(this, 'object') as Element;
        const both = new Promise<void>((resolve, reject) => {
          void asserted.then(resolve, reject);
        })
          .then(() => {
            checks += 1;
            return ibmViolations(element);
          })
          .then((violations) => {
            if (violations.length > 0) {
              throw new Error(
                `IBM Equal Access (IBM_Accessibility) violations:\n${violations.join('\n')}`,
              );
            }
          });
        this.then = both.then.bind(both);
        return this;
      },
  );
});
