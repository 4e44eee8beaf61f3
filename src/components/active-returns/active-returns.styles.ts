import { css } from 'lit';

export const activeReturnsStyles = css`
  .returns {
    list-style: none;
    padding: 0;
    margin: 0 0 1em;
    display: grid;
    gap: 0.75em;
  }
  .returns > li {
    border: 1px solid var(--_rever-border-subtle);
    border-radius: var(--rever-radius, 6px);
    padding: 0.75em 1em;
    overflow-wrap: anywhere;
  }
  .returns ul {
    margin: 0.25em 0;
    padding-left: 1.25em;
  }
  h3 {
    font-size: 1.05em;
    margin: 1em 0 0.5em;
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
