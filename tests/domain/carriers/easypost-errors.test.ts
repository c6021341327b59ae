import { describe, expect, it } from 'vitest';
import { easypost } from '../../../worker/domain/carriers/easypost';
import { easypostFailure } from '../../../worker/domain/carriers/easypost-errors';

describe('EasyPost errors', () => {
  const error = (status: number, code: string, message: unknown, errors: unknown[] = []) => ({
    status,
    body: { error: { code, message, errors } },
  });

  it.each([
    [
      error(422, 'ADDRESS.VERIFY.FAILURE', 'Address not found', [
        { field: 'address', message: 'Address not found', suggestion: null },
        { field: 'street1', message: 'House number is missing', suggestion: null },
      ]),
      'address_invalid',
      'Address not found (address: Address not found; street1: House number is missing)',
    ],
    [
      error(
        422,
        'SHIPMENT.INVALID_PARAMS',
        'Unable to create shipment, one or more parameters were invalid.',
        [{ to_address: 'Required and missing.' }],
      ),
      'address_invalid',
      'Unable to create shipment, one or more parameters were invalid. (to_address: Required and missing.)',
    ],
    [
      error(422, 'PARCEL.PARAMETERS.INVALID', 'Weight must be greater than zero.'),
      'weight_missing',
      'Weight must be greater than zero.',
    ],
    [error(402, 'PAYMENT_REQUIRED', 'Insufficient funds.'), 'insufficient_funds', 'Insufficient funds.'],
    [
      error(422, 'SHIPMENT.POSTAGE.FAILURE', 'Insufficient postage balance to purchase this label.'),
      'insufficient_funds',
      'Insufficient postage balance to purchase this label.',
    ],
    [
      error(422, 'SHIPMENT.POSTAGE.FAILURE', 'Account not allowed for this service.'),
      'rate_unavailable',
      'Account not allowed for this service.',
    ],
    [
      error(422, 'SHIPMENT.POSTAGE.NO_RESPONSE', 'The carrier did not respond.'),
      'carrier_unavailable',
      'The carrier did not respond.',
    ],
    [
      error(422, 'SHIPMENT.POSTAGE.EXISTS', 'Postage already exists for this shipment.'),
      'carrier_unavailable',
      'Postage already exists for this shipment.',
    ],
    [error(422, 'SHIPMENT.MISSING_RATE', 'Rate not found.'), 'rate_unavailable', 'Rate not found.'],
    [{ status: 503, body: null }, 'carrier_unavailable', 'EasyPost answered HTTP 503'],
    [error(400, 'WHATEVER', { nested: ['Something', 'odd'] }), 'unknown', 'Something, odd'],
  ])('maps %j to %s with the carrier message', (res, code, message) => {
    const failure = easypostFailure(res);
    expect(failure.code).toBe(code);
    expect(failure.message).toBe(message);
    expect(failure.actions).toContain('enter_tracking');
  });

  it('passes the failure through every parser', () => {
    const res = error(402, 'PAYMENT_REQUIRED', 'Insufficient funds.');
    const parsed = [
      easypost.parseRates(res),
      easypost.parseLookup(res, { idempotency_key: 'k' }),
      easypost.parseVoid(res),
    ];
    for (const answer of parsed) {
      expect(answer).toMatchObject({
        ok: false,
        failure: { code: 'insufficient_funds', message: 'Insufficient funds.' },
      });
    }
  });
});
