/**
 * `npm start` opens the demo in the shopper's browser only where one can be opened: a desktop
 * session (macOS, Windows, or Linux with DISPLAY or WAYLAND_DISPLAY) with its opener installed.
 * Elsewhere (SSH, containers, CI) it says nothing: the printed URL is enough, and Vite's own
 * `open` would print `spawn xdg-open ENOENT` with a stack there.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface Desktop {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** The command that opens `url`, or undefined where none can (or should) be run. */
export function browserOpener(url: string, at: Desktop): string[] | undefined {
  // BROWSER=none is Vite's and create-react-app's way to say "never open one".
  if (at.env.CI || at.env.BROWSER === 'none') return undefined;
  if (at.platform === 'win32') return ['cmd', '/c', 'start', '""', url];
  if (at.platform === 'darwin') {
    const open = onPath('open', at.env);
    return open ? [open, url] : undefined;
  }
  if (!at.env.DISPLAY && !at.env.WAYLAND_DISPLAY) return undefined;
  const opener = onPath('xdg-open', at.env);
  return opener ? [opener, url] : undefined;
}

/** Opens `url` when possible; answers whether it tried. Never throws, never prints. */
export function openBrowser(
  url: string,
  at: Desktop = { env: process.env, platform: process.platform },
): boolean {
  const command = browserOpener(url, at);
  if (!command) return false;
  const [file, ...args] = command as [string, ...string[]];
  try {
    const child = spawn(file, args, { stdio: 'ignore', detached: true, env: at.env });
    // A failure to start (a broken opener) arrives as an event: swallowed, the URL is printed.
    child.on('error', () => {});
    child.unref();
    return true;
  } catch {
    return false;
  }
}
