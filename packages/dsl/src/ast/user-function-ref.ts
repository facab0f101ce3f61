/** What a user function is to Flink: `ScalarFunction`, `TableFunction` or `AggregateFunction`. */
export type UserFunctionKind = 'scalar' | 'table' | 'aggregate';

/**
 * A user function as deploy registers it: the statements that call one carry it (`functions`), and the
 * runners put `CREATE TEMPORARY FUNCTION IF NOT EXISTS <name> AS '<className>' USING JAR '<jar>'` first,
 * as they do for Sluice's own UDAFs. Plain data (the deploy state stores it for rollbacks).
 *
 * @example
 * ```ts
 * const ref: UserFunctionRef = { kind: 'scalar', name: 'price_band', className: 'com.acme.PriceBand', jar: 'udfs/acme-udfs.jar' }
 * ```
 */
export interface UserFunctionRef {
  readonly kind: UserFunctionKind;
  /** The SQL name, as declared (Flink matches function names case-insensitively). */
  readonly name: string;
  /** The fully qualified Java class. */
  readonly className: string;
  /**
   * The jar file: relative to the directory of the project's config file (`sluice.config.ts` /
   * `sluice.yaml`), or absolute. Deploy makes it absolute before it reaches Flink.
   */
  readonly jar?: string;
  /**
   * Instead of `jar`: a Maven coordinate `group:artifact:version` found in the local Maven repository
   * (`~/.m2/repository`, or `$MAVEN_REPO_LOCAL`), or an `http(s)://` URL of the jar.
   */
  readonly artifact?: string;
}

/** True when two references register the same function (one name may be declared twice alike). */
export function sameFunction(a: UserFunctionRef, b: UserFunctionRef): boolean {
  return a.kind === b.kind && a.className === b.className && a.jar === b.jar && a.artifact === b.artifact;
}
