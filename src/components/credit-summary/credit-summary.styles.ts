import { css } from 'lit';

export const creditSummaryStyles = css`
  .box {
    border: 1px solid var(--_rever-border-subtle);
    border-radius: var(--rever-radius, 6px);
    padding-block: 0.75em;
    padding-inline: 1em;
    margin-block-end: var(--rever-spacing, 1rem);
  }
  h3 {
    font-size: 1em;
    margin-block: 0 0.5em;
    margin-inline: 0;
  }
  dl {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 0.25em 1em;
    margin: 0;
  }
  dd {
    margin: 0;
    font-weight: 600;
    text-align: end;
  }
  .exchanges {
    margin-block: 0.5em 0;
    padding-inline-start: 1.25em;
  }
  .pending {
    color: var(--_rever-muted);
  }
  .bonus {
    grid-column: 1 / -1;
    font-size: 0.875em;
    color: var(--_rever-muted);
  }
`;
