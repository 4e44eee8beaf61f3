import { css } from 'lit';

export const rootStyles = css`
  :host {
    max-width: var(--rever-max-width, 40rem);
  }
  :host([hidden]) {
    display: none;
  }
  .progress {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 1em;
    list-style: none;
    margin: 0 0 1em;
    padding: 0;
    font-size: 0.875em;
    color: var(--rever-color-muted, #555);
  }
  .offline {
    margin: 0 0 1em;
    padding: 0.5em 0.75em;
    border-left: 4px solid var(--rever-color-accent, #1f5fd1);
    background: var(--rever-color-surface-muted, #f2f5fb);
  }
  .progress li {
    padding-bottom: 0.25em;
    border-bottom: 3px solid transparent;
  }
  .progress .current {
    color: var(--rever-color-text, #1a1a1a);
    font-weight: 600;
    border-bottom-color: var(--rever-color-accent, #1f5fd1);
  }
`;
