import { css } from 'lit';

export const resolutionStyles = css`
  fieldset {
    border: 1px solid var(--_rever-border-subtle);
    border-radius: var(--rever-radius, 6px);
    margin-block: 0 var(--rever-spacing, 1rem);
    margin-inline: 0;
    padding-block: 0.75em;
    padding-inline: 1em;
    min-width: 0;
  }
  legend {
    font-weight: 600;
    overflow-wrap: anywhere;
    padding-block: 0;
    padding-inline: 0.25em;
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
    margin-block: 0.25em 0;
    margin-inline: 1.75em 0;
  }
  .recommended {
    display: inline-block;
    margin-inline-end: 0.5em;
    padding-inline: 0.4em;
    border: 1px solid currentColor;
    border-radius: var(--rever-radius, 6px);
    font-size: 0.875em;
  }
  .bonus {
    font-weight: 600;
    color: var(--_rever-success);
  }
  fieldset.invalid {
    border-color: var(--_rever-danger);
  }
`;
