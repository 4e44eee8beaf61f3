/**
 * Where the tools the tests drive are found, the way test runners look for them (karma's and
 * Lighthouse's chrome-launcher): an explicit variable first, then the usual names on PATH, then
 * the places installers put them on macOS. Nothing is downloaded: a newcomer is told what to
 * install instead (scripts/preflight.ts).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface Lookup {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
}

const here = (): Lookup => ({ env: process.env, platform: process.platform, home: homedir() });

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The first of `names` in a directory of PATH, in PATH's order. */
function onPath(names: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const path = join(dir, name);
      if (isExecutable(path)) return path;
    }
  }
  return undefined;
}

export type Found = { path: string } | { missing: string };

/** Chromium's names on Linux distributions (Debian, Ubuntu, Fedora, Arch), then Chrome's. */
const BROWSER_NAMES = [
  'chromium',
  'chromium-browser',
  'google-chrome-stable',
  'google-chrome',
  'chrome',
];
const MAC_BROWSERS = [
  'Chromium.app/Contents/MacOS/Chromium',
  'Google Chrome.app/Contents/MacOS/Google Chrome',
  'Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
];

export const BROWSER_MISSING =
  'No Chromium or Chrome found: install one (Debian/Ubuntu: apt-get install chromium; macOS: brew install --cask chromium, or Google Chrome) or set CHROME_PATH to its executable.';

export function findBrowser(at: Lookup = here()): Found {
  const chosen = at.env.CHROME_PATH;
  if (chosen) {
    return isExecutable(chosen)
      ? { path: chosen }
      : {
          missing: `CHROME_PATH is ${chosen}, which is not an executable file: ${BROWSER_MISSING}`,
        };
  }
  const path =
    onPath(BROWSER_NAMES, at.env) ??
    (at.platform === 'darwin'
      ? ['/Applications', join(at.home, 'Applications')]
          .flatMap((dir) => MAC_BROWSERS.map((app) => join(dir, app)))
          .find(isExecutable)
      : undefined);
  return path ? { path } : { missing: BROWSER_MISSING };
}

export const REDIS_MISSING =
  'No redis-server found: install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set REDIS_SERVER to its executable.';

export function findRedisServer(at: Lookup = here()): Found {
  const chosen = at.env.REDIS_SERVER;
  if (chosen) {
    return isExecutable(chosen)
      ? { path: chosen }
      : { missing: `REDIS_SERVER is ${chosen}, which is not an executable file: ${REDIS_MISSING}` };
  }
  const path =
    onPath(['redis-server'], at.env) ??
    // Homebrew's prefixes, which a GUI-started shell may not have on PATH.
    (at.platform === 'darwin'
      ? ['/opt/homebrew/bin/redis-server', '/usr/local/bin/redis-server'].find(isExecutable)
      : undefined);
  return path ? { path } : { missing: REDIS_MISSING };
}

/** The browser's path, or an Error whose message is the one line (for launchers). */
export function browserPath(at?: Lookup): string {
  const found = findBrowser(at);
  if ('missing' in found) throw new Error(found.missing);
  return found.path;
}
