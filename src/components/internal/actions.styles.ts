import { css } from 'lit';

/** The row of buttons at the foot of a step (continue, back, start over), defined once. */
export const actionsStyles = css`
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75em;
  }
`;
