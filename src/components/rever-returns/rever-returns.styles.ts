import { css } from 'lit';

export const rootStyles = css`
  :host {
    max-width: var(--rever-max-width, 40rem);
  }
  :host([hidden]) {
    display: none;
  }
  /*
   * A host page's global CSS reaches the widget in two ways only: rules that match the
   * <rever-returns> element itself ('* { all: unset }' makes it inline, and page rules beat
   * :host), and inherited properties (font, colour, line height, letter spacing, text
   * transform, cursor, visibility...). The frame starts from 'all: initial' so it inherits
   * none of them, then takes its look from --rever-* custom properties, which 'all' leaves
   * alone (as it leaves direction, so right-to-left pages stay right-to-left). Being a block,
   * the frame lays out the same whether the host is block or inline. A page that hides the
   * element ('rever-returns { display: none }') still can: that is the merchant's choice.
   */
  .frame {
    all: initial;
    display: block;
    max-width: var(--rever-max-width, 40rem);
    /* Inside the widget's own background, so nothing touches its edge where it differs from the
       page's (a dark scheme on a light page). */
    box-sizing: border-box;
    padding: var(--rever-padding, 1rem);
    font-family: var(--rever-font-family, system-ui, sans-serif);
    font-size: medium;
    /* The scheme's text colour, resolved on the host (see themeTokens). */
    color: var(--_rever-text);
    line-height: 1.5;
    text-align: start;
    overflow-wrap: break-word;
    /* The scheme the host resolved (the page's, or the theme attribute's): keep it. */
    color-scheme: inherit;
    /* A merchant's background, the host's, again in rgb() (controllers/scheme-from-background.ts):
       the colour drawn is the same (rounded as the host is), and checkers that read no oklch()
       measure against it. */
    background: var(--_rever-painted, none);
    border-radius: inherit;
  }
  .progress {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 1em;
    list-style: none;
    margin-block: 0 1em;
    margin-inline: 0;
    padding: 0;
    font-size: 0.875em;
    color: var(--_rever-muted);
  }
  .offline {
    margin-block: 0 1em;
    margin-inline: 0;
    padding-block: 0.5em;
    padding-inline: 0.75em;
    border-inline-start: 4px solid var(--_rever-accent);
    background: var(--_rever-surface);
    color: var(--_rever-text);
  }
  .progress li {
    padding-block-end: 0.25em;
    border-block-end: 3px solid transparent;
  }
  .progress .current {
    color: var(--_rever-text);
    font-weight: 600;
    border-block-end-color: var(--_rever-accent);
  }
  /* Printed, the done step is all: its instructions, without the progress around them. */
  @media print {
    .frame:has(rever-active-returns) > :not(.step) {
      display: none;
    }
  }
`;
