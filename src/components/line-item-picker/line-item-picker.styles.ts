import { css } from 'lit';

export const pickerStyles = css`
  .lines {
    list-style: none;
    margin-block: 0 1em;
    margin-inline: 0;
    padding: 0;
    border-block-start: 1px solid var(--_rever-border-subtle);
  }
  .line {
    padding-block: 0.75em;
    padding-inline: 0;
    border-block-end: 1px solid var(--_rever-border-subtle);
    /* Lines out of view skip style, layout and paint (a 250-line order lays out what is seen);
       they stay in the accessibility tree and find-in-page. 69px is the content height of a
       line at 16px text (94px with padding and border); "auto" then keeps each line's real
       height once it has been laid out. */
    content-visibility: auto;
    contain-intrinsic-size: auto 69px;
    /* The containment that comes with it would clip focus rings drawn outside the line. */
    overflow-clip-margin: 8px;
  }
  .pick {
    display: grid;
    grid-template-columns: auto 56px minmax(0, 1fr) auto;
    grid-template-areas: 'box img item price' 'box img state state';
    column-gap: 0.75em;
    align-items: center;
  }
  .pick input {
    grid-area: box;
    width: 24px;
    height: 24px;
    min-height: 0;
    margin: 0;
  }
  .pick img,
  .pick .noimg {
    grid-area: img;
    width: 56px;
    height: 56px;
    object-fit: cover;
    border-radius: var(--rever-radius, 6px);
    background: var(--_rever-border-subtle);
  }
  .item {
    grid-area: item;
    font-weight: normal;
    cursor: pointer;
    overflow-wrap: anywhere;
  }
  .item .name {
    font-weight: 600;
    display: block;
  }
  .price {
    grid-area: price;
  }
  .worth {
    display: block;
    font-size: 0.875em;
    color: var(--_rever-muted);
  }
  .state {
    grid-area: state;
    font-size: 0.875em;
    color: var(--_rever-muted);
  }
  .unavailable .item {
    color: var(--_rever-muted);
    cursor: default;
  }
  .unavailable img {
    filter: grayscale(1);
    opacity: 0.6;
  }
  .details {
    margin-block: 0.75em 0;
    margin-inline: calc(24px + 0.75em) 0;
    display: grid;
    gap: 0.25em;
  }
  .quantity input {
    max-width: 8em;
  }
  .discard {
    margin-block-start: var(--rever-spacing, 1rem);
    padding-block: 0.75em;
    padding-inline: 1em;
    border: 1px solid var(--_rever-border-subtle);
    border-inline-start: 4px solid var(--_rever-accent);
    border-radius: var(--rever-radius, 6px);
  }
  .discard p {
    margin-block: 0 0.75em;
  }
`;
