import { describe, expect, it } from 'vitest';
import {
  amazonCreateReturnsReport,
  amazonReportDate,
  amazonReturnReason,
  parseAmazonReturnsReport,
  parseReportDocument,
  parseReportProgress,
} from '../../../worker/domain/channels/amazon-returns-report';
import { ChannelPayloadError } from '../../../worker/domain/channels/types';
import report from '../../fixtures/channels/amazon-returns-report.tsv?raw';

const [header, first, second] = report.trimEnd().split('\n') as [string, string, string];
const columns = header.split('\t');
/** A row of the fixture with some cells replaced, by column name. */
const row = (base: string, cells: Record<string, string>) =>
  base
    .split('\t')
    .map((v, i) => cells[columns[i]!] ?? v)
    .join('\t');

describe('the Amazon returns report', () => {
  it('reads each Amazon RMA as one return with its SKU, reason, state and refund', () => {
    const { returns, errors } = parseAmazonReturnsReport(report);
    expect(errors).toEqual([]);
    expect(returns).toEqual([
      {
        external_return_id: 'DYwq1cXRRRMA',
        external_order_id: '902-1845936-5435065',
        state: 'open',
        channel_status: 'Approved',
        requested_at: '2026-11-22T00:00:00.000Z',
        lines: [
          {
            channel_sku: 'NABetaASINB00551Q3CS',
            quantity: 1,
            reason: 'damaged',
            channel_reason: 'CR-DEFECTIVE',
          },
        ],
        refund: null,
      },
      {
        external_return_id: 'DkCq2TbSSRMA',
        external_order_id: '902-8745147-1934268',
        state: 'delivered',
        channel_status: 'Approved',
        requested_at: '2026-11-24T00:00:00.000Z',
        lines: [
          {
            channel_sku: 'NABetaASINB00551Q3CS',
            quantity: 1,
            reason: 'changed_mind',
            channel_reason: 'CR-UNWANTED_ITEM',
          },
        ],
        refund: { amount: 1000, currency: 'USD' },
      },
    ]);
  });

  it('keeps several rows of one RMA as lines of one return, adding up their refunds', () => {
    const tsv = [
      header,
      second,
      row(second, { 'Merchant SKU': 'OTHER-SKU', 'Refunded Amount': '2.50' }),
    ].join('\n');
    const [only, ...rest] = parseAmazonReturnsReport(tsv).returns;
    expect(rest).toEqual([]);
    expect(only!.lines.map((l) => l.channel_sku)).toEqual(['NABetaASINB00551Q3CS', 'OTHER-SKU']);
    expect(only!.refund).toEqual({ amount: 1250, currency: 'USD' });
  });

  it('finds columns by name whatever their order and case', () => {
    const shuffled = [header, first]
      .map((line) => {
        const cells = line.split('\t');
        return [...cells.slice(5), ...cells.slice(0, 5)].join('\t');
      })
      .join('\r\n')
      .replace('Amazon RMA ID', 'amazon rma id');
    expect(parseAmazonReturnsReport(shuffled).returns[0]!.external_return_id).toBe('DYwq1cXRRRMA');
  });

  it.each([
    ['Order ID', { 'Order ID': '' }],
    ['Amazon RMA ID', { 'Amazon RMA ID': '' }],
    ['Merchant SKU', { 'Merchant SKU': '' }],
    ['Return quantity', { 'Return quantity': '0' }],
    ['Return quantity', { 'Return quantity': 'two' }],
    ['Refunded Amount', { 'Refunded Amount': '1O.00' }],
    ['Return request date', { 'Return request date': '31-Foo-2026' }],
  ])('reports a row with a bad %s by its line, and still reads the others', (field, cells) => {
    const { returns, errors } = parseAmazonReturnsReport([header, row(first, cells), second].join('\n'));
    expect(returns.map((r) => r.external_return_id)).toEqual(['DkCq2TbSSRMA']);
    expect(errors).toEqual([{ line: 2, field, message: expect.stringContaining(field) }]);
  });

  it.each([
    ['Approved', '', 'open'],
    ['Approved', '27-Nov-2026', 'delivered'],
    ['Closed', '27-Nov-2026', 'closed'],
    ['Completed', '', 'closed'],
    ['Rejected', '', 'cancelled'],
    ['Cancelled', '', 'cancelled'],
  ])('reads status %s with delivery date "%s" as %s', (status, delivered, state) => {
    const tsv = [
      header,
      row(first, { 'Return request status': status, 'Return delivery date': delivered }),
    ].join('\n');
    expect(parseAmazonReturnsReport(tsv).returns[0]!.state).toBe(state);
  });

  it.each([
    ['CR-DAMAGED_BY_CARRIER', 'damaged'],
    ['RO_CR-SWITCHEROO', 'wrong_item'],
    ['AMZ-PG-BAD-DESC', 'not_as_described'],
    ['CR-ORDERED_WRONG_ITEM', 'changed_mind'],
    ['CR-MISSED_ESTIMATED_DELIVERY', 'unspecified'],
    ['CR-SOMETHING_NEW', 'unspecified'],
  ])('maps reason %s to %s', (code, reason) => {
    expect(amazonReturnReason(code)).toBe(reason);
  });

  it('reads dd-Mon-yyyy and ISO dates as UTC', () => {
    expect(amazonReportDate('d', '3-Feb-2026')).toBe('2026-02-03T00:00:00.000Z');
    expect(amazonReportDate('d', '2026-02-03T10:00:00+02:00')).toBe('2026-02-03T08:00:00.000Z');
    expect(() => amazonReportDate('d', 'yesterday')).toThrow(ChannelPayloadError);
  });
});

describe('the Reports API answers', () => {
  it('asks for the returns report of a window', () => {
    const req = amazonCreateReturnsReport(
      ['ATVPDKIKX0DER'],
      '2026-11-01T00:00:00.000Z',
      '2026-11-29T00:00:00.000Z',
    );
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/reports/2021-06-30/reports');
    expect(JSON.parse(req.body)).toEqual({
      reportType: 'GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE',
      marketplaceIds: ['ATVPDKIKX0DER'],
      dataStartTime: '2026-11-01T00:00:00.000Z',
      dataEndTime: '2026-11-29T00:00:00.000Z',
    });
  });

  it.each([
    ['IN_QUEUE', undefined, { status: 'pending' }],
    ['IN_PROGRESS', undefined, { status: 'pending' }],
    ['CANCELLED', undefined, { status: 'empty' }],
    ['FATAL', 'doc-1', { status: 'fatal', documentId: 'doc-1' }],
    ['DONE', 'doc-2', { status: 'done', documentId: 'doc-2' }],
  ])('reads processingStatus %s', (processingStatus, reportDocumentId, progress) => {
    expect(
      parseReportProgress({ reportId: 'ID323', reportType: 'X', processingStatus, reportDocumentId }),
    ).toEqual(progress);
  });

  it('refuses a DONE report without a document and an unknown status', () => {
    expect(() => parseReportProgress({ reportId: 'ID323', processingStatus: 'DONE' })).toThrow(
      ChannelPayloadError,
    );
    expect(() => parseReportProgress({ reportId: 'ID323', processingStatus: 'LOST' })).toThrow(
      ChannelPayloadError,
    );
  });

  it('says whether the document is gzipped', () => {
    expect(
      parseReportDocument({ reportDocumentId: 'd', url: 'https://x.test/d', compressionAlgorithm: 'GZIP' }),
    ).toEqual({
      url: 'https://x.test/d',
      gzip: true,
    });
    expect(parseReportDocument({ reportDocumentId: 'd', url: 'https://x.test/d' }).gzip).toBe(false);
  });
});
