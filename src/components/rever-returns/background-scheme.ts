import type { ReactiveController, ReactiveControllerHost } from 'lit';

let pixel: CanvasRenderingContext2D | null | undefined;

/**
 * Whether a CSS colour (any syntax: oklch, color-mix, names) is light: its WCAG relative
 * luminance above 0.179, where black text contrasts more than white. Undefined when it is mostly
 * transparent (the page's background shows through). Read back from a 1×1 canvas as sRGB bytes.
 */
function isLight(color: string): boolean | undefined {
  pixel ??= Object.assign(document.createElement('canvas'), { width: 1, height: 1 }).getContext(
    '2d',
    { willReadFrequently: true },
  );
  if (!pixel) return undefined;
  pixel.clearRect(0, 0, 1, 1);
  pixel.fillStyle = color;
  pixel.fillRect(0, 0, 1, 1);
  const [r, g, b, a] = pixel.getImageData(0, 0, 1, 1).data;
  const linear = (c = 0) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return a! < 128
    ? undefined
    : 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b) > 0.179;
}

/**
 * The scheme a merchant's own background asks for. A merchant who sets only
 * `--rever-color-background` (a light brand colour, say) would otherwise get the dark scheme's
 * light text on it when the shopper's system is dark, and the reverse: unreadable. So when the
 * background is the merchant's, its lightness picks the scheme of every default the merchant did
 * not set, through a custom state the theme's CSS reads (`:state(rever-light-background)`, see
 * themeTokens); the `theme` attribute still wins. Looked at again after every update of the
 * element and when the system's scheme changes, since a merchant's token may depend on either.
 *
 * @internal
 */
export class BackgroundScheme implements ReactiveController {
  private _states?: CustomStateSet;
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
    const style = getComputedStyle(this.host);
    const light = style.getPropertyValue('--rever-color-background').trim()
      ? isLight(style.backgroundColor)
      : undefined;
    const states = (this._states ??= this.host.attachInternals().states);
    for (const scheme of [true, false]) {
      const name = `rever-${scheme ? 'light' : 'dark'}-background`;
      if (light === scheme) states.add(name);
      else states.delete(name);
    }
  };
}
