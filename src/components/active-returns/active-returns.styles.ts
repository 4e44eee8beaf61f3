import { css } from 'lit';

export const activeReturnsStyles = css`
  .returns {
    list-style: none;
    padding: 0;
    margin-block: 0 1em;
    margin-inline: 0;
    display: grid;
    gap: 0.75em;
  }
  .returns > li {
    border: 1px solid var(--_rever-border-subtle);
    border-radius: var(--rever-radius, 6px);
    padding-block: 0.75em;
    padding-inline: 1em;
    overflow-wrap: anywhere;
  }
  .returns ul {
    margin-block: 0.25em;
    margin-inline: 0;
    padding-inline-start: 1.25em;
  }
  h3 {
    font-size: 1.05em;
    margin-block: 1em 0.5em;
    margin-inline: 0;
  }
  a {
    color: var(--_rever-link);
  }
  dl {
    display: grid;
    grid-template-columns: auto auto;
    justify-content: start;
    gap: 0.25em 1em;
  }
  dd {
    margin: 0;
    font-weight: 600;
  }
`;
