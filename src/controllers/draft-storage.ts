import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { FlowState } from '../state/flow.ts';
import { clearFlow, saveFlow, storedFlow } from '../state/storage.ts';
import { loadSteps } from './steps.ts';

interface DraftHost extends ReactiveControllerHost {
  proxyUrl: string;
}

/** What the controller reads and writes of the host's flow. */
interface FlowAccess {
  flow(): FlowState;
  restored(flow: FlowState): void;
  /** The order number of a link that starts a lookup by itself (an e-mail's), else ''. */
  linked(): string;
}

/**
 * The draft survives a reload within the tab: written to sessionStorage once things are quiet
 * (idle time, the page hidden, the host removed), read back when the host starts at the lookup
 * with a draft stored for its proxy, and cleared when the draft ends (done, reset).
 */
export class DraftStorage implements ReactiveController {
  /** A stored draft is being read back: the host shows no step meanwhile. */
  restoring = false;
  /** The read-back under way, if any. */
  restore?: Promise<void>;
  /** The proxy whose stored draft was last looked for. */
  private _checked?: string;
  private _pending = false;
  /** The flow last seen, to tell a new one. */
  private _seen?: FlowState;

  constructor(
    private _host: DraftHost,
    private _access: FlowAccess,
  ) {
    _host.addController(this);
  }

  hostConnected(): void {
    addEventListener('pagehide', this._flush);
  }

  hostDisconnected(): void {
    removeEventListener('pagehide', this._flush);
    this._flush();
  }

  hostUpdated(): void {
    const flow = this._access.flow();
    const changed = flow !== this._seen;
    this._seen = flow;
    // A draft being restored is not written over, nor cleared, before it is read.
    if (!changed || this.restoring) return;
    // A draft is written once things are quiet: a 250-line order is 90 kB of JSON, not worth
    // delaying the next frame of a tick for. Leaving the draft (done, reset) clears at once.
    if (!('draft' in flow)) this._save();
    else if (!this._pending) {
      this._pending = true;
      if (typeof requestIdleCallback === 'function') {
        requestIdleCallback(this._flush, { timeout: 200 });
      } else setTimeout(this._flush, 20);
    }
  }

  /** Forgets the stored draft. */
  clear(): void {
    clearFlow(this._host.proxyUrl);
  }

  /** Writes the flow to sessionStorage now. */
  private _save(): void {
    this._pending = false;
    const { proxyUrl } = this._host;
    if (proxyUrl) saveFlow(proxyUrl, this._access.flow());
  }

  /** Writes a pending draft, if there is one. */
  private _flush = (): void => {
    if (this._pending) this._save();
  };

  /**
   * Restores the draft this tab kept for the proxy, once per proxy, while the flow is at the
   * lookup. Its checks come with the later steps' module, so when a draft is stored that module
   * is loaded first; the host's first render waits for `restore`, so the lookup form does not
   * flash before the restored step. A link for another order (an e-mail's) wins over the draft,
   * which is cleared.
   */
  check(): void {
    const { proxyUrl } = this._host;
    if (proxyUrl === this._checked) return;
    this._checked = proxyUrl;
    const at = () => this._host.proxyUrl === proxyUrl && this._access.flow().step === 'lookup';
    if (!proxyUrl || !at() || !storedFlow(proxyUrl)) return;
    const linked = this._access.linked();
    this.restoring = true;
    const restore: Promise<void> = (this.restore = loadSteps()
      .then(({ loadFlow }) => {
        const restored = at() && loadFlow(proxyUrl, linked);
        if (restored) this._access.restored(restored);
      })
      .catch(() => {
        // The later steps could not be fetched: the lookup is shown, the draft kept for later.
      })
      .finally(() => {
        if (this.restore !== restore) return;
        this.restore = undefined;
        this.restoring = false;
        this._host.requestUpdate();
      }));
  }
}
