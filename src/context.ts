/** What the root hands its steps through @lit/context, so tests can hand in their own. */
import { createContext } from '@lit/context';
import type { I18n } from './i18n/i18n.ts';
import type { ReturnEffects } from './state/return-effects.ts';

/** What the steps ask of REVER (the root makes it from its client); undefined without a proxy. */
export const effectsContext = createContext<ReturnEffects | undefined>(Symbol('rever-effects'));
export const i18nContext = createContext<I18n>(Symbol('rever-i18n'));
