// The host page's own script: lists the widget's public events as they reach the document.
// textContent only: the page runs under `require-trusted-types-for 'script'`.
const log = document.querySelector('#events');
for (const type of [
  'rever-ready',
  'rever-order-found',
  'rever-step-change',
  'rever-return-confirmed',
  'rever-error',
]) {
  document.addEventListener(type, (event) => {
    if (!log) return;
    const entry = document.createElement('li');
    entry.textContent = `${type} ${JSON.stringify(event.detail)}`;
    log.prepend(entry);
  });
}
