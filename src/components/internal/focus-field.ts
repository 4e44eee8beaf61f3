/**
 * @internal Focuses what needs the shopper after an error (a field, an item's group of choices,
 * the saved-account line) and brings its label into view: a field's `<label>`, or the legend of
 * its group for a radio or a line of text. A browser scrolls a focused control only until the
 * control itself shows, which leaves its label above the fold when the control sits at the top
 * of the screen (a 320 × 480 phone, a long step): a box without what it asks. The browser's own
 * scroll comes first (it knows every scrolling box up to the page), then the label's, to the top
 * with a little room (`scroll-margin-block-start` in the shared styles).
 */
export function focusField(target: HTMLElement | null | undefined): void {
  if (!target) return;
  target.focus();
  const label =
    (!target.matches('[type="radio"]') && (target as HTMLInputElement).labels?.[0]) ||
    target.closest('fieldset')?.querySelector('legend');
  if (label && label.getBoundingClientRect().top < 0) label.scrollIntoView();
}
