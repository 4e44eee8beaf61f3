import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Whether the browser says it is online, for the root (which tells the shopper) and for every
 * step (which sends again what failed for want of the network, `onOnline`). The host updates
 * when it changes.
 */
export class OnlineController implements ReactiveController {
  offline = false;

  constructor(
    private _host: ReactiveControllerHost,
    private _onOnline?: () => void,
  ) {
    _host.addController(this);
  }

  hostConnected(): void {
    this._check();
    addEventListener('online', this._check);
    addEventListener('offline', this._check);
  }

  hostDisconnected(): void {
    removeEventListener('online', this._check);
    removeEventListener('offline', this._check);
  }

  private _check = (event?: Event): void => {
    const offline = !navigator.onLine;
    if (offline !== this.offline) {
      this.offline = offline;
      this._host.requestUpdate();
    }
    if (event?.type === 'online') this._onOnline?.();
  };
}
