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
 * Sets the host's custom state from its background: `rever-light-background` or
 * `rever-dark-background`, or neither when the background is mostly transparent. Loaded only for
 * a merchant who sets `--rever-color-background` (see BackgroundScheme).
 *
 * @internal
 */
export function schemeCheck(host: HTMLElement): () => void {
  const { states } = host.attachInternals();
  return () => {
    const light = isLight(getComputedStyle(host).backgroundColor);
    for (const scheme of [true, false]) {
      const name = `rever-${scheme ? 'light' : 'dark'}-background`;
      if (light === scheme) states.add(name);
      else states.delete(name);
    }
  };
}
