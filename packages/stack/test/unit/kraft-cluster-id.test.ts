import { kraftClusterId } from '../../src/process/launch-part';

describe('kraftClusterId', () => {
  it('is 22 base64url characters', () => {
    expect(kraftClusterId()).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('draws again when the id would start with "-", which the storage tool would read as an option', () => {
    // 0xf8 encodes to "-" as the first base64url character; the second draw starts with "A".
    const draws = [Buffer.alloc(16, 0xf8), Buffer.alloc(16, 0)];
    const id = kraftClusterId(() => draws.shift() ?? Buffer.alloc(16, 0));
    expect(Buffer.alloc(16, 0xf8).toString('base64url').startsWith('-')).toBe(true);
    expect(id).toBe(Buffer.alloc(16, 0).toString('base64url'));
    expect(draws).toHaveLength(0);
  });
});
