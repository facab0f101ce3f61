import { categoryOf, defineErrorCodes, ERROR_CATEGORIES, SluiceError, sluiceErrorFactory } from '@sluice/errors';

describe('defineErrorCodes', () => {
  const TABLE = defineErrorCodes({
    TEST_ERRORS_PKG_MISSING_THING: { category: 'not-found' },
    TEST_ERRORS_PKG_BAD_FLAG: { category: 'usage' },
  } as const);

  it('returns the table frozen, typed as given', () => {
    expect(Object.isFrozen(TABLE)).toBe(true);
    const category: 'usage' = TABLE.TEST_ERRORS_PKG_BAD_FLAG.category;
    expect(category).toBe('usage');
  });

  it('makes each code\'s category known by code, and to every SluiceError with that code', () => {
    expect(categoryOf('TEST_ERRORS_PKG_MISSING_THING')).toBe('not-found');
    const error = new SluiceError('TEST_ERRORS_PKG_BAD_FLAG', '--frobnicate is not an option');
    expect(error.category).toBe('usage');
  });

  it('calls a code no table declares internal', () => {
    expect(categoryOf('TEST_ERRORS_PKG_NEVER_DECLARED')).toBeUndefined();
    expect(new SluiceError('TEST_ERRORS_PKG_NEVER_DECLARED', 'x').category).toBe('internal');
  });

  it('refuses one code declared with two categories (the exit code would depend on load order)', () => {
    expect(() => defineErrorCodes({ TEST_ERRORS_PKG_BAD_FLAG: { category: 'config' } } as const)).toThrow(
      'error code TEST_ERRORS_PKG_BAD_FLAG is declared as usage and as config',
    );
    // Declaring it again the same way (a package loaded twice) is fine.
    expect(() => defineErrorCodes({ TEST_ERRORS_PKG_BAD_FLAG: { category: 'usage' } } as const)).not.toThrow();
  });

  it('keeps the category out of the error\'s own properties and JSON (both unchanged)', () => {
    const error = new SluiceError('TEST_ERRORS_PKG_BAD_FLAG', 'x');
    expect(Object.keys(error)).not.toContain('category');
    expect(error.toJSON()).toEqual({ name: 'SluiceError', code: 'TEST_ERRORS_PKG_BAD_FLAG', message: 'x', retriable: false });
  });

  it('lists every category once', () => {
    expect(new Set(ERROR_CATEGORIES).size).toBe(ERROR_CATEGORIES.length);
    expect(ERROR_CATEGORIES).toEqual(['usage', 'config', 'unreachable', 'auth', 'invalid', 'conflict', 'not-found', 'environment', 'timeout', 'cancelled', 'failed', 'internal']);
  });
});

describe('sluiceErrorFactory', () => {
  const TABLE = defineErrorCodes({ TEST_ERRORS_FACTORY_BUSY: { category: 'conflict' } } as const);
  const packageError = sluiceErrorFactory(TABLE);

  it('builds a SluiceError with the code, options and the table\'s category; the stack starts at the caller', () => {
    function raiseIt(): SluiceError<{ port: number }> {
      return packageError('TEST_ERRORS_FACTORY_BUSY', 'port 8081 is busy', { details: { port: 8081 }, retriable: true, suggestion: 'free it' });
    }
    const error = raiseIt();
    expect(error).toBeInstanceOf(SluiceError);
    expect([error.code, error.message, error.retriable, error.suggestion, error.details?.port, error.category]).toEqual(['TEST_ERRORS_FACTORY_BUSY', 'port 8081 is busy', true, 'free it', 8081, 'conflict']);
    expect(error.stack?.split('\n')[1]).toContain('raiseIt');
  });

  it('does not compile with a code outside the table', () => {
    // @ts-expect-error TEST_ERRORS_FACTORY_OTHER is not in the table
    expect(packageError('TEST_ERRORS_FACTORY_OTHER', 'x').code).toBe('TEST_ERRORS_FACTORY_OTHER');
  });
});
