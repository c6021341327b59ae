// Wire shapes of the reports and EDI routes, derived from the Worker's routes like api-types.ts.
import type { InferRequestType } from 'hono/client';
import type { Answer, client } from './api.ts';

type Client = typeof client;
type Ok<F extends (...args: never[]) => Promise<unknown>> = Answer<Awaited<ReturnType<F>>>;
type Query<F> = InferRequestType<F> extends { query: infer Q } ? Q : never;
/** A route's query with '' for "any" on the filters a screen leaves empty. */
type Filters<Q, K extends keyof Q> = { [P in K]?: Q[P] | '' };

type KpiRouteQuery = Query<Client['reports']['kpis']['$get']>;
export type KpiQuery = Pick<KpiRouteQuery, 'from' | 'to'> &
  Filters<KpiRouteQuery, 'channel' | 'location' | 'tz'>;
export type KpiAnswer = Ok<Client['reports']['kpis']['$get']>;
export type KpiSummary = KpiAnswer['kpis'][number];

type DrillRouteQuery = Query<Client['reports']['kpis'][':kpi']['orders']['$get']>;
export type KpiOrdersQuery = Pick<DrillRouteQuery, 'day'> &
  Filters<DrillRouteQuery, 'channel' | 'location' | 'tz'>;
// The route also answers CSV (format=csv), which the typed client sees as a bare Response.
export type KpiOrders = Exclude<Ok<Client['reports']['kpis'][':kpi']['orders']['$get']>, Response>;
export type KpiOrder = KpiOrders['orders'][number];

type EdiRouteQuery = Query<Client['edi']['documents']['$get']>;
export type EdiDocumentListQuery = Filters<EdiRouteQuery, 'channel' | 'direction' | 'type' | 'cursor'>;
export type EdiDocument = Ok<Client['edi']['documents']['$get']>['data'][number];
export type EdiDocumentDetail = Ok<Client['edi']['documents'][':id']['$get']>;
export type Channel = Ok<Client['channels']['$get']>['data'][number];
