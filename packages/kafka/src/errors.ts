import { SluiceError } from '@sluice/errors';
import { KAFKA_ERROR_CODES, type KafkaErrorCode } from './error-codes';

export { KAFKA_ERROR_CODES };
export type { KafkaErrorCode };

/** @internal Builds a SluiceError with a KAFKA_ code. */
export function kafkaError<D extends object>(
  code: KafkaErrorCode,
  message: string,
  options: { details?: D; cause?: unknown; retriable?: boolean; suggestion?: string } = {},
): SluiceError<D> {
  return new SluiceError<D>(code, message, options);
}

/** What to fix for a failed SASL exchange, told apart by the broker's answer. */
function saslSuggestion(text: string): string {
  // The broker answers ILLEGAL_SASL_STATE when a listener without SASL (e.g. PLAINTEXT) gets a SASL handshake.
  if (/current SASL state/i.test(text)) return 'these brokers\' listener does not use SASL: connect to its SASL listener, or leave sasl out of the connection';
  if (/mechanism/i.test(text) && /not support/i.test(text)) return 'the listener does not enable this SASL mechanism: use one that it enables';
  return 'check the SASL mechanism, user name and password of the connection';
}

/** What to check when no connection came about, told apart by how it ended. */
function connectionSuggestion(text: string): string {
  // What a broker does to a client that skips the SASL handshake (or TLS) its listener requires.
  if (/closed connection/i.test(text)) return 'check that the brokers are running; a listener that requires SASL or TLS closes connections from clients without it: check the sasl and tls settings of the connection';
  // A TLS client's hello answered by a listener without TLS.
  if (/before secure TLS connection/i.test(text)) return 'check that the brokers are running; a listener without TLS (e.g. PLAINTEXT) drops a TLS client: connect to its TLS listener, or leave tls out of the connection';
  return 'check that the brokers are running and the bootstrap addresses are right';
}

interface KafkaJsLikeError {
  name?: string;
  message?: string;
  retriable?: boolean;
  type?: string;
  code?: unknown;
  cause?: unknown;
}

// Node's codes for a broker certificate the client does not trust (OpenSSL's verify errors, hostname check).
const TLS_CERT_CODE = /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(GET_ISSUER_CERT(_LOCALLY)?|VERIFY_LEAF_SIGNATURE)|CERT_[A-Z_]+|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH)$/;

/** The TLS certificate error code somewhere in a client error's cause chain (kafkajs keeps Node's `code`). */
function tlsCertCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const { code, cause } = current as KafkaJsLikeError;
    if (typeof code === 'string' && TLS_CERT_CODE.test(code)) return code;
    current = cause;
  }
  return undefined;
}

/**
 * @internal Wraps an error thrown by the underlying client so no client type escapes: the original is
 * kept as `cause`, `retriable` is carried over, and connection/auth failures get their own codes.
 */
export function wrapClientError(error: unknown, code: KafkaErrorCode, what: string): SluiceError {
  if (error instanceof SluiceError) return error;
  const e = (error ?? {}) as KafkaJsLikeError;
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const text = typeof e.message === 'string' ? e.message : String(error);
  if (/SASL|Authentication/i.test(name) || /SASL|authentication/i.test(text)) {
    return kafkaError('KAFKA_AUTHENTICATION', `${what}: authentication failed: ${text}`, {
      cause: error,
      details: { clientError: name },
      suggestion: saslSuggestion(text),
    });
  }
  const certCode = tlsCertCode(error);
  if (certCode !== undefined) {
    // The client refused the broker's certificate: no retry will change that, so it is not retriable.
    return kafkaError('KAFKA_AUTHENTICATION', `${what}: the broker's TLS certificate is not trusted: ${text}`, {
      cause: error,
      details: { clientError: name, tlsError: certCode },
      suggestion:
        certCode === 'ERR_TLS_CERT_ALTNAME_INVALID' || certCode === 'HOSTNAME_MISMATCH'
          ? 'connect by a host name or address in the broker\'s certificate, or set tls.servername to one'
          : 'trust the CA that signed the broker\'s certificate with tls.ca (for a self-signed broker, its own certificate)',
    });
  }
  if (/Connection|BrokerNotFound|NumberOfRetriesExceeded/i.test(name) || /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|Connection (timeout|error)/i.test(text)) {
    return kafkaError('KAFKA_CONNECTION', `${what}: cannot reach the Kafka brokers: ${text}`, {
      cause: error,
      retriable: true,
      details: { clientError: name },
      suggestion: connectionSuggestion(text),
    });
  }
  return kafkaError(code, `${what}: ${text}`, {
    cause: error,
    retriable: e.retriable === true,
    details: { clientError: name, ...(typeof e.type === 'string' ? { kafkaError: e.type } : {}) },
  });
}
