import { css } from 'lit';

export const resolutionStyles = css`
  fieldset {
    border: 1px solid var(--_rever-border-subtle);
    border-radius: var(--rever-radius, 6px);
    margin: 0 0 var(--rever-spacing, 1rem);
    padding: 0.75em 1em;
    min-width: 0;
  }
  legend {
    font-weight: 600;
    overflow-wrap: anywhere;
    padding: 0 0.25em;
  }
  .option {
    display: flex;
    gap: 0.5em;
    align-items: center;
    min-height: 44px;
    font-weight: normal;
    overflow-wrap: anywhere;
  }
  .option input {
    width: 20px;
    height: 20px;
    min-height: 0;
    margin: 0;
    flex: none;
  }
  .option.disabled {
    color: var(--_rever-muted);
  }
  .variants {
    margin: 0.25em 0 0 1.75em;
  }
  .bonus {
    font-weight: 600;
    color: var(--_rever-success);
  }
`;
