// The demo page's wiring: the widget points at the proxy `npm start` started, the seeded orders
// fill the form, and the widget's public events are listed as they happen.
// The events list is the embedding pages' own script, shared rather than written twice.
import './embed/events.js';
import '../src/index.ts';
import { DEMO_ORDERS } from '../mock/seed.ts';

declare const __REVER_PROXY_URL__: string;

const widget = document.querySelector('rever-returns')!;
widget.proxyUrl = __REVER_PROXY_URL__;

const list = document.querySelector('#orders')!;
for (const order of DEMO_ORDERS) {
  const item = document.createElement('li');
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = `${order.orderNumber} · ${order.currency} · ${order.description}`;
  button.title = order.email;
  button.addEventListener('click', () => {
    // Back to the lookup with the order's details filled in, as a link from an email would.
    widget.reset();
    // The Japanese and Kuwaiti shoppers read the widget in their language (Arabic right to left).
    widget.locale = order.locale;
    widget.email = order.email;
    widget.orderNumber = order.orderNumber;
  });
  item.append(button);
  list.append(item);
}
