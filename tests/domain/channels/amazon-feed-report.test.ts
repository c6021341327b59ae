import { describe, expect, it } from 'vitest';
import {
  AMAZON_FEED_CONTENT_TYPE,
  amazonCreateFeed,
  amazonCreateFeedDocument,
  amazonGetFeed,
  listingsFeedOutcome,
  parseAmazonFeed,
} from '../../../worker/domain/channels/amazon';
import reportExample from '../../fixtures/amazon-spapi-JSON_LISTINGS_FEED-processing-report-example.json';

const FEED = reportExample.header.feedId;

/** A report of `sent` messages in the example's shape, with the example's issues kept for messages up to `sent`. */
function report(sent: number, errors: { messageId: number; message: string }[] = [], accepted?: number) {
  const invalid = new Set(errors.map((e) => e.messageId)).size;
  return {
    ...reportExample,
    issues: [
      ...errors.map((e) => ({ ...e, sku: `SKU-${e.messageId}`, code: '90220', severity: 'ERROR' })),
      { messageId: 1, sku: 'SKU-1', code: '18448', severity: 'WARNING', message: 'incomplete attributes' },
    ],
    summary: {
      ...reportExample.summary,
      errors: errors.length,
      warnings: 1,
      messagesProcessed: sent,
      messagesAccepted: accepted ?? sent - invalid,
      messagesInvalid: invalid,
    },
  };
}

describe('listingsFeedOutcome', () => {
  it("refuses the published example's messages 4 and 5 with every ERROR message, and confirms nothing its counts contradict", () => {
    const outcome = listingsFeedOutcome(reportExample, { feedId: FEED, sent: 5 });
    expect([...outcome.refused]).toEqual([
      [
        4,
        "'[batteries_required]' is required but not supplied.; '[supplier_declared_dg_hz_regulation]' is required but not supplied.",
      ],
      [5, expect.stringContaining('purchasable_offer.our_price')],
    ]);
    // four of five processed, two accepted: which two of 1-3 is not said, so none counts as pushed
    expect(outcome.accepted).toEqual([]);
    expect(outcome.unconfirmed).toEqual([1, 2, 3]);
  });

  it('accepts every message without an ERROR when the summary accounts for all of them', () => {
    const outcome = listingsFeedOutcome(report(12, [{ messageId: 7, message: 'SKU has no offer' }]), {
      feedId: FEED,
      sent: 12,
    });
    expect(outcome.accepted).toEqual([1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12]);
    expect([...outcome.refused]).toEqual([[7, 'SKU has no offer']]);
    expect(outcome.unconfirmed).toEqual([]);
  });

  it('confirms nothing when fewer messages were accepted than had no error', () => {
    const outcome = listingsFeedOutcome(report(3, [], 2), { feedId: FEED, sent: 3 });
    expect(outcome.accepted).toEqual([]);
    expect(outcome.unconfirmed).toEqual([1, 2, 3]);
  });

  it("keeps an ERROR that names no message as the feed's own error", () => {
    const fatal = { ...report(0), issues: [{ code: '0', severity: 'ERROR', message: 'Invalid JSON' }] };
    const outcome = listingsFeedOutcome(fatal, { feedId: FEED, sent: 2 });
    expect(outcome.feedError).toBe('Invalid JSON');
    expect(outcome.accepted).toEqual([]);
    expect(outcome.unconfirmed).toEqual([1, 2]);
  });

  it("refuses another feed's report and something that is not a report", () => {
    expect(() => listingsFeedOutcome(reportExample, { feedId: '999', sent: 5 })).toThrow(/feed 1234567890/);
    expect(() => listingsFeedOutcome({ errors: [] }, { feedId: FEED, sent: 1 })).toThrow(
      /not a listings feed/,
    );
    expect(() => listingsFeedOutcome(null, { feedId: FEED, sent: 1 })).toThrow(TypeError);
  });
});

describe('Amazon feed requests', () => {
  it('creates a JSON document, then a JSON_LISTINGS_FEED from it for the marketplaces given', () => {
    expect(JSON.parse(amazonCreateFeedDocument().body)).toEqual({ contentType: AMAZON_FEED_CONTENT_TYPE });
    const feed = amazonCreateFeed('amzn1.tortuga.4.na.doc', ['ATVPDKIKX0DER']);
    expect(feed).toMatchObject({ method: 'POST', path: '/feeds/2021-06-30/feeds' });
    expect(JSON.parse(feed.body)).toEqual({
      feedType: 'JSON_LISTINGS_FEED',
      marketplaceIds: ['ATVPDKIKX0DER'],
      inputFeedDocumentId: 'amzn1.tortuga.4.na.doc',
    });
    expect(amazonGetFeed('5000/1').path).toBe('/feeds/2021-06-30/feeds/5000%2F1');
  });

  it('reads the status of a getFeed answer, with the report only once there is one', () => {
    expect(parseAmazonFeed({ feedId: '1', processingStatus: 'IN_PROGRESS' })).toEqual({
      status: 'IN_PROGRESS',
    });
    expect(parseAmazonFeed({ feedId: '1', processingStatus: 'DONE', resultFeedDocumentId: 'doc-9' })).toEqual(
      { status: 'DONE', reportDocumentId: 'doc-9' },
    );
    expect(() => parseAmazonFeed({ processingStatus: 'FINISHED' })).toThrow(/no known processingStatus/);
  });
});
