/** What the root hands its steps through @lit/context, so tests can hand in their own. */
import { createContext } from '@lit/context';
import type { I18n } from './i18n/i18n.ts';
import type { ReverClient } from './services/client.ts';

export const clientContext = createContext<ReverClient | undefined>(Symbol('rever-client'));
export const i18nContext = createContext<I18n>(Symbol('rever-i18n'));
