import { css } from 'lit';

export const methodStyles = css`
  .options {
    list-style: none;
    padding: 0;
    margin: 0 0 1em;
    display: grid;
    gap: 0.5em;
  }
  .option {
    display: flex;
    gap: 0.5em;
    align-items: flex-start;
    padding: 0.5em;
    border: 1px solid var(--_rever-border-subtle);
    border-radius: var(--rever-radius, 6px);
    overflow-wrap: anywhere;
  }
  .meta {
    display: block;
    color: var(--_rever-muted);
    font-size: 0.9em;
  }
  .open {
    color: var(--_rever-success);
  }
  .day {
    font-weight: 600;
    margin: 0 0 0.5em;
  }
  .fields {
    display: grid;
    gap: 0.5em;
    margin-bottom: 1em;
  }
  .invalid-text {
    color: var(--_rever-danger);
  }
`;
