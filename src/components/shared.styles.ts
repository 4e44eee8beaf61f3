import { css } from 'lit';

/**
 * Styles every step shares. Tokens are `--rever-*` custom properties read with fallbacks, so a
 * merchant themes the widget without reaching into its shadow DOM.
 */
export const sharedStyles = css`
  :host {
    display: block;
    font-family: var(--rever-font-family, system-ui, sans-serif);
    color: var(--rever-color-text, #1a1a1a);
    line-height: 1.5;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  h2 {
    font-size: 1.25em;
    margin: 0 0 0.5em;
  }
  h2:focus {
    outline: none;
  }
  h2:focus-visible {
    outline: var(--rever-focus-ring, 2px solid #1f5fd1);
    outline-offset: 2px;
  }
  p {
    margin: 0 0 1em;
  }
  .field {
    display: grid;
    gap: 0.25em;
    margin-bottom: var(--rever-spacing, 1rem);
  }
  label {
    font-weight: 600;
  }
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
    background: var(--rever-color-surface, #fff);
    padding: 0.5em 0.75em;
    border: 1px solid var(--rever-color-border, #767676);
    border-radius: var(--rever-radius, 6px);
    min-height: 44px;
    width: 100%;
  }
  input[aria-invalid='true'],
  select[aria-invalid='true'],
  textarea[aria-invalid='true'] {
    border-color: var(--rever-color-danger, #b3261e);
  }
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible,
  button:focus-visible {
    outline: var(--rever-focus-ring, 2px solid #1f5fd1);
    outline-offset: 2px;
  }
  .hint {
    font-size: 0.875em;
    color: var(--rever-color-muted, #555);
  }
  .field-error {
    font-size: 0.875em;
    color: var(--rever-color-danger, #b3261e);
  }
  button {
    font: inherit;
    cursor: pointer;
    min-height: 44px;
    padding: 0.5em 1.25em;
    border-radius: var(--rever-radius, 6px);
    border: 1px solid var(--rever-color-accent, #1f5fd1);
    background: var(--rever-color-accent, #1f5fd1);
    color: var(--rever-color-on-accent, #fff);
  }
  /* A pending button stays focusable (aria-disabled), so focus is not lost when it fails. */
  button[disabled],
  button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.7;
  }
  button.secondary {
    background: transparent;
    color: var(--rever-color-accent, #1f5fd1);
  }
  [role='alert'] {
    border-left: 4px solid var(--rever-color-danger, #b3261e);
    padding: 0.5em 0.75em;
    margin-bottom: var(--rever-spacing, 1rem);
    background: var(--rever-color-danger-surface, #fdecea);
  }
  [role='alert'] ul {
    margin: 0.5em 0 0;
    padding-left: 1.25em;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
