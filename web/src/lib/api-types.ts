// Wire shapes of /api/v1, derived from the Worker's routes through the typed client: change a route's
// zod schema and every screen that reads it is type-checked against the change.
import type { InferRequestType, InferResponseType } from 'hono/client';
import type { LabelFailure } from '../../../worker/domain/carriers/types.ts';
import type { PackDiff } from '../../../worker/domain/pack-check.ts';
import type { Answer, client } from './api.ts';

type Client = typeof client;
/** The 2xx body of a call. */
type Ok<F extends (...args: never[]) => Promise<unknown>> = Answer<Awaited<ReturnType<F>>>;
/** The JSON body a call sends. */
type Body<F> = InferRequestType<F> extends { json: infer J } ? J : never;
type Query<F> = InferRequestType<F> extends { query: infer Q } ? Q : never;

export type UserResponse = Ok<Client['auth']['me']['$get']>;
export type User = UserResponse['user'];
export type Role = User['role'];
/** What a person may do; the app shows only those actions (the API checks every call anyway). */
export type Permission = User['permissions'][number];
export type LoginRequest = Body<Client['auth']['login']['$post']>;

/** The envelope of every refusal: `{ error: { code, message, details } }`. */
export type ErrorEnvelope = InferResponseType<Client['auth']['me']['$get'], 401>;

export type OrderPage = Ok<Client['orders']['$get']>;
export type OrderSummary = OrderPage['data'][number];
export type OrderStatus = OrderSummary['status'];
type OrderQuery = Query<Client['orders']['$get']>;
/** The orders screen's filters: the route's query, with '' for "any". */
export type OrderListQuery = { [K in 'status' | 'channel' | 'q' | 'cursor']?: OrderQuery[K] | '' };
export type OrderDetail = Ok<Client['orders'][':id']['$get']>;
export type OrderLine = OrderDetail['lines'][number];

export type SkuStock = Ok<Client['inventory'][':sku']['$get']>;
export type StockLevel = SkuStock['locations'][number];
export type Location = Ok<Client['locations']['$get']>['data'][number];

/** A wave of a location's shipments, one line per SKU in bin order. */
export type PickList = Ok<Client['pick-lists'][':id']['$get']>;
export type PickListLine = PickList['lines'][number];
/** `op_id` is made by the client, so a retried or late-synced pick applies once. */
export type PickRequest = Body<Client['pick-lists'][':id']['picks']['$post']>;
export type PickAnswer = Ok<Client['pick-lists'][':id']['picks']['$post']>;
/** `missing`: units not on the shelf; `op_id` as for a pick. */
export type ShortPickRequest = Body<Client['pick-lists'][':id']['short']['$post']>;
export type ShortPickAnswer = Ok<Client['pick-lists'][':id']['short']['$post']>;

/** One order's work at one location: picked, packed, labelled, shipped. */
export type Shipment = Ok<Client['shipments'][':id']['$get']>;
export type ShipmentStatus = Shipment['status'];
export type ShipmentLine = Shipment['lines'][number];
export type ShipmentQuery = Query<Client['shipments']['$get']>;
export type Package = Shipment['packages'][number];
export type PackRequest = Body<Client['shipments'][':id']['pack']['$post']>;
export type TrackingRequest = Body<Client['shipments'][':id']['tracking']['$post']>;
export type CarrierAccount = Ok<Client['carrier-accounts']['$get']>['data'][number];

/** A catalog entry: what a scanned code is. */
export type Sku = Ok<Client['skus'][':sku']['$get']>;
export type BarcodeKind = Sku['barcodes'][number]['kind'];

/** The phone's stock movements: `receive` adds units; `count` sets on hand (refused below reserved). */
export type MovementRequest = Extract<
  Body<Client['inventory'][':sku']['movements']['$post']>,
  { type: 'receive' | 'count' }
>;
export type MovementResult = Ok<Client['inventory'][':sku']['movements']['$post']>;

/** An entry of the exception inbox: something that needs a person. */
export type ExceptionItem = Ok<Client['exceptions']['$get']>['data'][number];

// Error `details`: the routes declare them only as JSON, so their types come from the Worker's domain.

/** `details` of a 409 `pack_mismatch`: what the scans lacked and what they had too much of. */
export type PackMismatch = PackDiff;

/** `details` of a 422 `label_failed`: the carrier's reason and what the packer can do next. */
export type { LabelFailure };
