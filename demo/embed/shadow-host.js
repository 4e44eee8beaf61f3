// A host page's own web component that renders the widget inside its own shadow root, as a
// theme's "account panel" might. Styles through adoptedStyleSheets: no inline <style>.
const sheet = new CSSStyleSheet();
sheet.replaceSync(`
  :host { display: block; border: 2px solid #3a6; border-radius: 8px; padding: 1rem; }
  h2 { margin-top: 0; font-family: Georgia, serif; }
  button { display: none; }
`);

class ShopAccountPanel extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [sheet];
    const heading = document.createElement('h2');
    heading.textContent = 'My account · Returns';
    const widget = document.createElement('rever-returns');
    widget.setAttribute('locale', 'en');
    // A property, as a framework would set it.
    widget.proxyUrl = '/rever';
    root.append(heading, widget);
  }
}
customElements.define('shop-account-panel', ShopAccountPanel);
