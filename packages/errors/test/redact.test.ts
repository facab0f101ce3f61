import { SluiceError, redact } from '@sluice/errors';

describe('redact', () => {
  it.each([
    ['http://alice:s3cret@flink:8081/jobs', 'http://alice:***@flink:8081/jobs'],
    ['Authorization: Bearer abc.def.ghi', 'Authorization: Bearer ***'],
    [
      `'properties.sasl.jaas.config' = 'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p@ss";'`,
      `'properties.sasl.jaas.config' = 'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="***";'`,
    ],
    ['sasl.password=hunter2 next', 'sasl.password=*** next'],
    ["'token'='abc'", "'token'='***'"],
    ['nothing secret here: 8081', 'nothing secret here: 8081'],
  ])('%s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });
});

describe('SluiceError', () => {
  it('redacts message, suggestion and secret-named details, and serialises bigint', () => {
    const error = new SluiceError('STACK_TEST', 'connect to http://u:pw@host failed', {
      details: { password: 'pw', url: 'http://u:pw@host', offset: 2n ** 60n },
      suggestion: 'retry with token=abc',
      cause: new Error('inner'),
    });
    expect(error.message).toBe('connect to http://u:***@host failed');
    expect(error.toJSON()).toEqual({
      name: 'SluiceError',
      code: 'STACK_TEST',
      message: 'connect to http://u:***@host failed',
      retriable: false,
      suggestion: 'retry with token=***',
      details: { password: '***', url: 'http://u:***@host', offset: '1152921504606846976' },
      cause: 'inner',
    });
  });
});
