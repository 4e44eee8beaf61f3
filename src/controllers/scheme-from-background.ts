let pixel: CanvasRenderingContext2D | null | undefined;

/**
 * A CSS colour (any syntax: oklch, color-mix, names) as sRGB bytes, red, green, blue and alpha,
 * read back from a 1×1 canvas; undefined without a canvas.
 */
function srgb(color: string): Uint8ClampedArray | undefined {
  pixel ??= Object.assign(document.createElement('canvas'), { width: 1, height: 1 }).getContext(
    '2d',
    { willReadFrequently: true },
  );
  if (!pixel) return undefined;
  pixel.clearRect(0, 0, 1, 1);
  pixel.fillStyle = color;
  pixel.fillRect(0, 0, 1, 1);
  return pixel.getImageData(0, 0, 1, 1).data;
}

/**
 * Whether sRGB bytes are light: their WCAG relative luminance above 0.179, where black text
 * contrasts more than white. Undefined when mostly transparent (the page's background shows
 * through).
 */
function isLight([r, g, b, a]: Uint8ClampedArray): boolean | undefined {
  const linear = (c = 0) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return a! < 128
    ? undefined
    : 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b) > 0.179;
}

/**
 * Sets the host's custom state from its background: `rever-light-background` or
 * `rever-dark-background`, or neither when the background is mostly transparent. Loaded only for
 * a merchant who sets `--rever-color-background` (see BackgroundScheme).
 *
 * It also hands the frame the background as `rgb()`, in `--_rever-painted` (an opaque one only;
 * see rootStyles): the same colour, drawn over the host's, in the syntax every checker reads. A
 * merchant may write `oklch(…)`, which the browser keeps as written, and IBM's Equal Access
 * checker reads only `rgb()`, hex and names: past an unread background it measures the text
 * against the page's (light text on white, where it is drawn on dark).
 *
 * @internal
 */
export function schemeCheck(host: HTMLElement): () => void {
  const { states } = host.attachInternals();
  const root = host.shadowRoot;
  const painted = root && 'adoptedStyleSheets' in root ? new CSSStyleSheet() : undefined;
  if (painted) root!.adoptedStyleSheets = [...root!.adoptedStyleSheets, painted];
  let rule = '';
  return () => {
    const bytes = srgb(getComputedStyle(host).backgroundColor);
    const light = bytes && isLight(bytes);
    for (const scheme of [true, false]) {
      const name = `rever-${scheme ? 'light' : 'dark'}-background`;
      if (light === scheme) states.add(name);
      else states.delete(name);
    }
    const next =
      bytes?.[3] === 255 ? `:host{--_rever-painted:rgb(${bytes[0]},${bytes[1]},${bytes[2]})}` : '';
    if (painted && next !== rule) painted.replaceSync((rule = next));
  };
}
