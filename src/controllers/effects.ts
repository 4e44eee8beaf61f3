import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { effectsContext, Provided } from '../context.ts';
import type { ReverClient } from '../services/client.ts';
import { createReverClient } from '../services/lazy-client.ts';
import { createReturnEffects, type ReturnEffects } from '../state/return-effects.ts';

interface EffectsHost extends ReactiveControllerHost, HTMLElement {
  proxyUrl: string;
  client?: ReverClient;
}

/**
 * What the steps ask of REVER, handed to them through `effectsContext`: the effects over the
 * host's `client`, or over a client of its `proxy-url`, made again when either changes. The later
 * steps' operations come with their chunk (`loadLater`). With neither set, the steps have none
 * (a request says the service cannot be reached), and the developer is told why once.
 */
export class EffectsProvider implements ReactiveController {
  private _provider: Provided<ReturnEffects | undefined>;
  private _made?: [string, ReverClient | undefined];
  private _warned = false;

  constructor(
    private _host: EffectsHost,
    private _loadLater: Parameters<typeof createReturnEffects>[1],
  ) {
    this._provider = new Provided(_host, effectsContext, undefined);
    _host.addController(this);
  }

  hostUpdate(): void {
    const { proxyUrl, client: given } = this._host;
    if (this._made?.[0] === proxyUrl && this._made[1] === given) return;
    this._made = [proxyUrl, given];
    const client = given ?? (proxyUrl ? createReverClient({ proxyUrl }) : undefined);
    this._provider.set(client && createReturnEffects(client, this._loadLater));
  }

  hostUpdated(): void {
    if (this._warned || this._provider.value) return;
    this._warned = true;
    // The shopper would only be told the service cannot be reached; the developer needs the why.
    console.warn('rever-returns: set proxy-url to your returns proxy.');
  }
}
