import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * The scheme a merchant's own background asks for. A merchant who sets only
 * `--rever-color-background` (a light brand colour, say) would otherwise get the dark scheme's
 * light text on it when the shopper's system is dark, and the reverse: unreadable. So when the
 * background is the merchant's, its lightness picks the scheme of every default the merchant did
 * not set, through a custom state the theme's CSS reads (`:state(rever-light-background)`, see
 * themeTokens); the `theme` attribute still wins. Looked at again after every update of the
 * element and when the system's scheme changes, since a merchant's token may depend on either.
 *
 * The measuring is its own module, loaded only once a background is set: most merchants set
 * none, and the first load stays small.
 *
 * @internal
 */
// At module level: tsc (5.9) leaves a .ts specifier as it is in the .js it emits when the
// import() sits in a class field's initialiser, and the built package would then ask for it.
const loadSchemeCheck = () => import('./scheme-from-background.ts');

export class BackgroundScheme implements ReactiveController {
  private _check?: () => void;
  private _loading = false;
  private _media = matchMedia('(prefers-color-scheme: dark)');

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    this._media.addEventListener('change', this.hostUpdated);
    this.hostUpdated();
  }

  hostDisconnected(): void {
    this._media.removeEventListener('change', this.hostUpdated);
  }

  hostUpdated = (): void => {
    if (this._check) return this._check();
    if (this._loading) return;
    if (!getComputedStyle(this.host).getPropertyValue('--rever-color-background').trim()) return;
    this._loading = true;
    void loadSchemeCheck().then(({ schemeCheck }) => {
      this._check = schemeCheck(this.host);
      this._check();
    });
  };
}
