import { css } from 'lit';

export const returnInstructionsStyles = css`
  :host {
    display: block;
    margin-block: 1em;
  }
  .instructions {
    border: 1px solid var(--_rever-border-subtle);
    border-radius: var(--rever-radius, 6px);
    padding-block: 0.75em;
    padding-inline: 1em;
    overflow-wrap: anywhere;
  }
  h3,
  h4 {
    font-size: 1.05em;
    margin-block: 0 0.5em;
    margin-inline: 0;
  }
  .qr {
    margin-block: 0.5em;
    margin-inline: 0;
  }
  /*
   * The code is always dark on light, whatever the scheme: scanners read it so. At least 200 CSS
   * px wide with its quiet zone of four modules, modules a whole number of pixels (the width is
   * set from the module count), edges crisp; it shrinks only on a screen narrower than that.
   */
  svg {
    display: block;
    max-width: 100%;
    height: auto;
    shape-rendering: crispEdges;
  }
  .payload {
    font-size: 0.9em;
    color: var(--_rever-muted);
  }
  .payload code {
    color: var(--_rever-text);
    font-size: 1.05em;
    word-break: break-all;
  }
  address {
    font-style: normal;
    margin-block: 0 0.5em;
  }
  a {
    color: var(--_rever-link);
  }
  .by {
    font-weight: 600;
  }
  @media print {
    :host {
      margin: 0;
      /* The step around may have shrunk its own text to nothing (active-returns.styles.ts). */
      font-size: 12pt;
      break-inside: avoid;
    }
    /* Paper is white, and printers drop backgrounds: black text, whatever the scheme. */
    .instructions {
      color: #000;
      background: #fff;
      border: 0;
      padding: 0;
    }
    .payload,
    .payload code,
    a {
      color: #000;
    }
    /* A link on paper: its address, to type in. */
    a[href]::after {
      content: ' (' attr(href) ')';
    }
    .print {
      display: none;
    }
  }
`;
