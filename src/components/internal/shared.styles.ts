import { css, unsafeCSS } from 'lit';

/** The light scheme's defaults (and the tokens that follow the accent in both schemes). */
const light = `
  color-scheme: light;
  --_rever-background: var(--rever-color-background, #fff);
  --_rever-surface: var(--rever-color-surface, #fff);
  --_rever-text: var(--rever-color-text, #1a1a1a);
  --_rever-muted: var(--rever-color-muted, #555);
  --_rever-accent: var(--rever-color-accent, #1f5fd1);
  --_rever-on-accent: var(--rever-color-on-accent, #fff);
  --_rever-danger: var(--rever-color-danger, #b3261e);
  --_rever-danger-surface: var(--rever-color-danger-surface, #fdecea);
  --_rever-success: var(--rever-color-success, #1e6b34);
  --_rever-border: var(--rever-color-border, #767676);
  --_rever-border-subtle: var(--rever-color-border-subtle, #ddd);
  --_rever-link: var(--rever-color-link, var(--_rever-accent));
  --_rever-focus-ring: var(--rever-focus-ring, 2px solid var(--_rever-accent));
  background: var(--_rever-background);
`;

/** The dark scheme's defaults. */
const dark = `
  color-scheme: dark;
  --_rever-background: var(--rever-color-background, #16181d);
  --_rever-surface: var(--rever-color-surface, #1f2229);
  --_rever-text: var(--rever-color-text, #eceef2);
  --_rever-muted: var(--rever-color-muted, #b0b6c1);
  --_rever-accent: var(--rever-color-accent, #8ab4f8);
  --_rever-on-accent: var(--rever-color-on-accent, #0b1a33);
  --_rever-danger: var(--rever-color-danger, #ffb4ab);
  --_rever-danger-surface: var(--rever-color-danger-surface, #3b1614);
  --_rever-success: var(--rever-color-success, #7dd99a);
  --_rever-border: var(--rever-color-border, #8b919c);
  --_rever-border-subtle: var(--rever-color-border-subtle, #3a3f4a);
`;

/**
 * The theme, set once on `<rever-returns>` and inherited by every step through the shadow
 * roots. The public tokens are `--rever-*` custom properties, each read with a fallback that
 * depends on the scheme; the steps read only the private `--_rever-*` ones resolved here, so a
 * merchant's token wins in both schemes and the defaults follow `prefers-color-scheme` unless
 * the `theme` attribute forces one, or a background the merchant set decides (light defaults on a
 * light background, dark on a dark one; see controllers/background-scheme.ts). The last two rules stand alone,
 * so a browser without `:state()` drops only them. Every default pair of text and background passes WCAG AA
 * in both schemes (the browser tests run axe's color-contrast on each).
 *
 * Built from constant strings (never input) so the dark declarations are written once for the
 * two rules that turn them on; `css` cannot splice declarations into a rule.
 */
export const themeTokens = unsafeCSS(`
  :host {${light}}
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {${dark}}
  }
  :host([theme='dark']) {${dark}}
  :host(:state(rever-light-background):not([theme])) {${light}}
  :host(:state(rever-dark-background):not([theme])) {${dark}}
`);

/**
 * Styles every step shares, in the theme's private tokens (see `themeTokens`), so a merchant
 * themes the widget without reaching into its shadow DOM.
 */
export const sharedStyles = css`
  :host {
    display: block;
    font-family: var(--rever-font-family, system-ui, sans-serif);
    color: var(--_rever-text);
    line-height: 1.5;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  h2 {
    font-size: 1.25em;
    margin-block: 0 0.5em;
    margin-inline: 0;
  }
  h2:focus {
    outline: none;
  }
  h2:focus-visible {
    outline: var(--_rever-focus-ring);
    outline-offset: 2px;
  }
  p {
    margin-block: 0 1em;
    margin-inline: 0;
  }
  .field {
    display: grid;
    gap: 0.25em;
    margin-block-end: var(--rever-spacing, 1rem);
  }
  label {
    font-weight: 600;
  }
  /* A field focused after an error is scrolled to with its label on top (focus-field.ts). */
  label,
  legend {
    scroll-margin-block-start: 0.5em;
  }
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
    background: var(--_rever-surface);
    padding-block: 0.5em;
    padding-inline: 0.75em;
    border: 1px solid var(--_rever-border);
    border-radius: var(--rever-radius, 6px);
    min-height: 44px;
    width: 100%;
  }
  input[aria-invalid='true'],
  select[aria-invalid='true'],
  textarea[aria-invalid='true'] {
    border-color: var(--_rever-danger);
  }
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible,
  button:focus-visible {
    outline: var(--_rever-focus-ring);
    outline-offset: 2px;
  }
  .hint {
    font-size: 0.875em;
    color: var(--_rever-muted);
  }
  .field-error {
    font-size: 0.875em;
    color: var(--_rever-danger);
  }
  button {
    font: inherit;
    cursor: pointer;
    min-height: 44px;
    padding-block: 0.5em;
    padding-inline: 1.25em;
    border-radius: var(--rever-radius, 6px);
    border: 1px solid var(--_rever-accent);
    background: var(--_rever-accent);
    color: var(--_rever-on-accent);
  }
  button {
    transition:
      background-color 0.15s ease-out,
      color 0.15s ease-out,
      box-shadow 0.15s ease-out;
  }
  button:hover:not([disabled]) {
    box-shadow: inset 0 0 0 100vmax rgb(0 0 0 / 12%);
  }
  button.secondary:hover:not([disabled]) {
    box-shadow: inset 0 0 0 100vmax color-mix(in srgb, var(--_rever-accent) 10%, transparent);
  }
  /* A pending button stays focusable (aria-disabled), so focus is not lost when it fails. */
  button[disabled],
  button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.7;
  }
  button.secondary {
    background: transparent;
    color: var(--_rever-accent);
  }
  [role='alert'] {
    border-inline-start: 4px solid var(--_rever-danger);
    padding-block: 0.5em;
    padding-inline: 0.75em;
    margin-block-end: var(--rever-spacing, 1rem);
    background: var(--_rever-danger-surface);
  }
  [role='alert'] ul {
    margin-block: 0.5em 0;
    margin-inline: 0;
    padding-inline-start: 1.25em;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  /* No motion for those who asked for none, whatever a merchant's ::part styles add. */
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      transition: none !important;
      animation: none !important;
      scroll-behavior: auto !important;
    }
  }
`;
