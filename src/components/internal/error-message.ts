import type { Translate } from '../../i18n/i18n.ts';
import { ReverError } from '../../services/errors.ts';

/** The one place an error becomes words: its kind, translated; never the server's own text. */
export function errorMessage(error: unknown, t: Translate): string {
  if (!(error instanceof ReverError)) return t('error.bad-response');
  if (error.code === 'rate-limited' && error.retryAfter !== undefined) {
    return t('error.rate-limited-wait', { seconds: error.retryAfter });
  }
  return t(`error.${error.code}`);
}
