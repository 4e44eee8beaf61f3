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
  /*
   * Printed, the step shows the instructions only (issue 14): every element that neither is nor
   * holds instructions goes, and those that hold them lose their own text, box and spacing. The
   * Print button of one return's instructions marks them "printing": then they alone print.
   * Nothing changes when there are no instructions to print.
   */
  @media print {
    section:has(rever-return-instructions)
      :not(rever-return-instructions):not(:has(rever-return-instructions)) {
      display: none;
    }
    section:has(rever-return-instructions),
    section:has(rever-return-instructions) :has(rever-return-instructions) {
      font-size: 0;
      border: 0;
      padding: 0;
      margin: 0;
      gap: 0;
      list-style: none;
    }
    section:has(rever-return-instructions[printing]) rever-return-instructions:not([printing]) {
      display: none;
    }
  }
  .ref {
    display: inline-block;
    max-inline-size: 100%;
    box-sizing: border-box;
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.95em;
    padding-block: 0.05em;
    padding-inline: 0.35em;
    border: 1px solid var(--_rever-border-subtle);
    border-radius: var(--rever-radius, 6px);
    overflow-wrap: anywhere;
    word-break: break-all;
  }
`;
