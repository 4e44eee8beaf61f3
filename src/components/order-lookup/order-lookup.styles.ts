import { css } from 'lit';

export const lookupStyles = css`
  form {
    max-width: 28rem;
  }
`;
