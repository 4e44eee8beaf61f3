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
    color: var(--_rever-muted);
  }
  .offline {
    margin: 0 0 1em;
    padding: 0.5em 0.75em;
    border-left: 4px solid var(--_rever-accent);
    background: var(--_rever-surface);
    color: var(--_rever-text);
  }
  .progress li {
    padding-bottom: 0.25em;
    border-bottom: 3px solid transparent;
  }
  .progress .current {
    color: var(--_rever-text);
    font-weight: 600;
    border-bottom-color: var(--_rever-accent);
  }
`;
