/**
 * Facts other parts of the system react to after they are committed in D1: outbound webhooks, tracking
 * and ship notices to channels and trading partners, push alerts. Sent to the EVENTS queue, delivered at
 * least once: every handler must be idempotent on the event id.
 */
export type DomainEventType =
  | 'order.created'
  | 'order.cancelled'
  | 'shipment.shipped'
  | 'return.awaiting_approval'
  | 'return.received'
  | 'exception.opened'
  | 'stock.changed';

export interface DomainEvent {
  /** Deterministic (`<type>:<entity id>[:<detail>]`), so a repeated publish is one event downstream. */
  id: string;
  type: DomainEventType;
  /** ISO instant of the fact. */
  at: string;
  /** The entity the event is about: order, shipment, return, exception or SKU id. */
  subject: string;
  data?: Record<string, unknown>;
}

export const domainEvent = (
  type: DomainEventType,
  subject: string,
  data?: Record<string, unknown>,
  detail?: string,
): DomainEvent => ({
  id: detail ? `${type}:${subject}:${detail}` : `${type}:${subject}`,
  type,
  at: new Date().toISOString(),
  subject,
  ...(data ? { data } : {}),
});

/** Best effort after the commit: a lost send is logged (the fact itself is in D1 and its timeline). */
export async function publishEvents(env: Env, events: DomainEvent[]) {
  for (let i = 0; i < events.length; i += 100) {
    await env.EVENTS.sendBatch(events.slice(i, i + 100).map((body) => ({ body }))).catch((err) =>
      console.error(
        JSON.stringify({
          level: 'error',
          message: 'domain events not sent',
          events: events.length,
          error: String(err),
        }),
      ),
    );
  }
}
