import 'rever-returns';

const element = document.createElement('rever-returns');
element.proxyUrl = '/rever';
element.strings = { 'lookup.heading': 'Find your webpack order' };
element.addEventListener('rever-ready', (event) => {
  document.getElementById('status').textContent = `ready: ${event.detail.step}`;
});
document.body.append(element);
