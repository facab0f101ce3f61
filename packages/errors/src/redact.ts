/** What replaces a secret in text shown to a person. */
export const REDACTED = '***';

// Each pattern keeps the part that says what the secret is and replaces only the secret itself.
const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // user:password@host in URLs
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, `$1${REDACTED}@`],
  // Authorization: Bearer xyz / Basic xyz
  [/(\bauthorization["']?\s*[:=]\s*["']?(?:bearer|basic)?\s*)[^\s"',}]+/gi, `$1${REDACTED}`],
  // JAAS: password="..." inside sasl.jaas.config
  [/(\bpassword\s*=\s*")[^"]*(")/gi, `$1${REDACTED}$2`],
  // key=value / key: value / 'key'='value' for secret-looking keys
  [
    /((?:password|passwd|secret|token|api[-_.]?key)['"]?\s*[:=]\s*['"]?)(?!\*\*\*)[^\s'",;}]+/gi,
    `$1${REDACTED}`,
  ],
];

/**
 * Replaces credentials in free text (URLs with user info, Authorization headers, JAAS passwords,
 * `password=...` style settings) by `***`.
 *
 * @example
 * ```ts
 * redact("'properties.sasl.jaas.config' = '... password=\"hunter2\";'")
 * // => "'properties.sasl.jaas.config' = '... password=\"***\";'"
 * ```
 */
export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
