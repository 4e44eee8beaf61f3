import { css } from 'lit';

export const reviewStyles = css`
  .lines {
    list-style: none;
    padding: 0;
    margin-block: 0 1em;
    margin-inline: 0;
  }
  .lines li {
    padding-block: 0.5em;
    padding-inline: 0;
    border-block-end: 1px solid var(--_rever-border-subtle);
    overflow-wrap: anywhere;
  }
  .name {
    font-weight: 600;
  }
  .actions {
    margin-block-end: var(--rever-spacing, 1rem);
  }
`;
