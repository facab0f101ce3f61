import { schema, t } from '@sluice/dsl';
import { jsonSchemaOf } from '@sluice/kafka';

describe('jsonSchemaOf', () => {
  it('describes the records of a schema: NOT NULL required, nullable accepts null, nested types', () => {
    const doc = jsonSchemaOf(schema({ id: t.bigint().notNull(), price: t.decimal(10, 2), at: t.timestampLtz(3), tags: t.array(t.string()), inner: t.row({ x: t.int().notNull() }) }), { title: 'orders' });
    expect(doc).toEqual({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 'orders',
      type: 'object',
      properties: {
        id: { type: 'integer', description: 'BIGINT: signed 64-bit integer' },
        price: { type: ['number', 'null'], description: 'DECIMAL(10, 2)' },
        at: { type: ['string', 'null'], pattern: '^\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z$', description: 'TIMESTAMP_LTZ(3), UTC' },
        tags: { type: ['array', 'null'], items: { type: ['string', 'null'] } },
        inner: { type: ['object', 'null'], properties: { x: { type: 'integer', minimum: -2147483648, maximum: 2147483647 } }, required: ['x'] },
      },
      required: ['id'],
    });
  });
});
