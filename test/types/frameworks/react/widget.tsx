// React 19 with `rever-returns/jsx`: props (React 19 sets a prop the element has as a property),
// attributes, and events (`on` + the event's name) are typed; the @ts-expect-error lines must fail.
import type {} from 'rever-returns/jsx';
import type { ReverReturns, ReverReturnConfirmedEvent } from 'rever-returns';

const confirmed = (event: ReverReturnConfirmedEvent) => console.log(event.detail.returnId);

export function Right() {
  return (
    <>
      <rever-returns
        proxyUrl="/rever"
        locale="es"
        theme="dark"
        strings={{ 'lookup.heading': 'Devoluciones' }}
        onrever-return-confirmed={confirmed}
        onrever-step-change={(event) => console.log(event.detail.step, event.detail.previous)}
        ref={(element: ReverReturns | null) => element?.reset()}
        className="returns"
      />
      <rever-returns proxy-url="/rever" order-number="1001" email="ana@example.com" />
    </>
  );
}

export function Wrong() {
  return (
    <>
      {/* @ts-expect-error proxyUrl is a string */}
      <rever-returns proxyUrl={42} />
      {/* @ts-expect-error the attribute too */}
      <rever-returns proxy-url={42} />
      {/* @ts-expect-error theme is 'light' or 'dark' */}
      <rever-returns theme="blue" />
      {/* @ts-expect-error step is read-only */}
      <rever-returns step="done" />
      {/* @ts-expect-error the event's detail has no such field */}
      <rever-returns onrever-ready={(event) => console.log(event.detail.nothing)} />
    </>
  );
}
