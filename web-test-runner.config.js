// Browser tests: every file under test/browser runs in Debian's Chromium (see README, "Tests").
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

// CHROME_PATH, else Chromium or Chrome where test runners look (scripts/executables.ts); none:
// one line saying what to install, not a launcher's stack.
const { findBrowser } = await tsImport('./scripts/executables.ts', import.meta.url);
const browser = findBrowser();
if ('missing' in browser) {
  console.error(browser.missing);
  process.exit(1);
}
const executablePath = browser.path;

/** The reference proxy in front of the embedded mock, started once for the tests that use HTTP. */
let proxy;
const realServers = {
  name: 'rever-proxy-and-mock',
  async serverStart() {
    const { startProxy } = await tsImport('./proxy/node.ts', import.meta.url);
    // The suite looks the same seeded orders up many times from one IP: the proxy's intent rate
    // limits are tested in node (proxy-attack.test.ts), not here.
    const generous = { limit: 100_000, windowMs: 60_000 };
    proxy = await startProxy({
      port: 0,
      log: () => {},
      intentLimits: { perIp: generous, perOrder: generous },
    });
  },
  async serverStop() {
    await proxy?.close();
  },
  /**
   * `executeServerCommand('rever-faults', faults)` from a test sets the embedded mock's injected
   * faults (mock/app.ts MockFault; [] clears them) and answers how often each fault hit so far;
   * `executeServerCommand('rever-fault-hits')` only answers that;
   * `executeServerCommand('rever-reset')` forgets every return opened so far (the seed as it was),
   * for a test that needs an order's lines unreturned whatever the files before it confirmed.
   */
  executeCommand({ command, payload }) {
    if (command === 'rever-faults') {
      proxy.mock.setFaults(Array.isArray(payload) ? payload : []);
      return true;
    }
    if (command === 'rever-fault-hits') return proxy.mock.faultHits();
    if (command === 'rever-reset') {
      proxy.mock.reset();
      return true;
    }
    return undefined;
  },
};

/** Debian's Chromium (or the one found above), headless. */
const chromium = () =>
  chromeLauncher({
    launchOptions: {
      executablePath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  });

const HISTORY = 'test/browser/history.test.ts';
/** `wtr test/browser/x.test.ts`: the files named run, and no group beside them. */
const named = process.argv.slice(2).some((arg) => arg.endsWith('.test.ts'));

export default {
  files: ['test/browser/**/*.test.ts', `!${HISTORY}`],
  nodeResolve: true,
  concurrency: 1,
  // A file's bound: languages-and-schemes runs both engines in 19 states x 8 languages x 2 schemes.
  testsFinishTimeout: 420_000,
  plugins: [
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
    }),
    realServers,
  ],
  // The proxy's URL reaches the tests as a global, set before any test module runs. IBM's
  // accessibility engine and test/browser/a11y-engines.ts load before them too: every
  // `to.be.accessible()` runs axe and then IBM's engine.
  // Each file starts with an empty sessionStorage: the tab can be reused between files, and a
  // widget removed at the end of one file keeps its draft there (as it should on a real page).
  testRunnerHtml: (testFramework) => `<!doctype html><html lang="en"><head>
      <script>window.__REVER_PROXY_URL__ = ${JSON.stringify(proxy?.url ?? '')};
      sessionStorage.clear();</script>
    </head><body>
      <script src="/node_modules/accessibility-checker-engine/ace.js"></script>
      <script type="module" src="/test/browser/a11y-engines.ts"></script>
      <script type="module" src="${testFramework}"></script></body></html>`,
  browsers: [chromium()],
  // The Back button's tests get a browser and a tab of their own: in the suite's shared tab the
  // session history holds every earlier file's pages and entries (Chromium keeps 50 and prunes
  // some), and a Back over the widget's own entries there once left the test page for the
  // previous file's about:blank (the run failed as 'interrupted').
  // (Files named on the command line run alone, in the default group.)
  groups: named ? [] : [{ name: 'history', files: HISTORY, browsers: [chromium()] }],
  // Bounds, not timing goals: a whole return through the proxy takes about a second on a quiet
  // machine and many times that on a loaded CI runner.
  browserStartTimeout: 120_000,
  testFramework: { config: { timeout: 60_000 } },
};
