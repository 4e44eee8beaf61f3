/**
 * The classic-script (IIFE) bundle's entry: the package's entry with every step in it, since a
 * classic script cannot load chunks of its own (see scripts/build/iife.ts).
 */
import './components/steps.ts';
export * from './index.ts';
