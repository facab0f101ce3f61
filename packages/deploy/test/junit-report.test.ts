import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeJunitReport, type ProjectValidation } from '@sluice/deploy';

describe('writeJunitReport', () => {
  it('creates the folder of the report (a CI step names reports/ on a fresh checkout)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-junit-'));
    try {
      const result = { via: 'offline', signals: [{ signal: 'rsi_14', ok: true, durationMs: 1234 }] } as unknown as ProjectValidation;
      writeJunitReport(result, join(dir, 'reports', 'ci', 'sluice.xml'), 'desk');
      expect(readFileSync(join(dir, 'reports', 'ci', 'sluice.xml'), 'utf8')).toBe(
        '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  <testsuite name="sluice validate (offline)" tests="1" failures="0">\n    <testcase classname="sluice.desk" name="rsi_14" time="1.234"/>\n  </testsuite>\n</testsuites>\n',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
