import { css } from 'lit';

export const rootStyles = css`
  :host {
    max-width: var(--rever-max-width, 40rem);
  }
  :host([hidden]) {
    display: none;
  }
  .lines {
    list-style: none;
    margin: 0 0 1em;
    padding: 0;
    display: grid;
    gap: 0.75em;
  }
  .line {
    display: grid;
    grid-template-columns: 64px 1fr auto;
    gap: 0.75em;
    align-items: center;
  }
  .line img,
  .line .noimg {
    width: 64px;
    height: 64px;
    object-fit: cover;
    border-radius: var(--rever-radius, 6px);
    background: var(--rever-color-border-subtle, #eee);
  }
  .line.unavailable {
    color: var(--rever-color-muted, #555);
  }
  .line .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .line .variant,
  .line .state {
    font-size: 0.875em;
    overflow-wrap: anywhere;
  }
`;
