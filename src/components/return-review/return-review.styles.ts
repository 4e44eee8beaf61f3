import { css } from 'lit';

export const reviewStyles = css`
  .lines {
    list-style: none;
    padding: 0;
    margin: 0 0 1em;
  }
  .lines li {
    padding: 0.5em 0;
    border-bottom: 1px solid var(--_rever-border-subtle);
    overflow-wrap: anywhere;
  }
  .name {
    font-weight: 600;
  }
  .actions {
    margin-bottom: var(--rever-spacing, 1rem);
  }
`;
