/** Where a command writes and what it runs in; tests pass their own. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Resolves when the user interrupts (Ctrl-C); `status --watch` and `tail` stop then. */
  readonly interrupted?: Promise<void>;
}

/** Options every command takes. */
export interface GlobalOptions {
  /** An explicit config file (default: sluice.config.ts or sluice.yaml from the working directory up). */
  readonly config?: string;
  /** Environment in the config (default `$SLUICE_ENV` or `dev`). */
  readonly env?: string;
  readonly json?: boolean;
  readonly verbose?: boolean;
}

/**
 * What a command returns: an exit code that is not an error (0 ok, 1 a problem found, 3 plan has
 * changes), its machine-readable result for `--json`, and its text for people.
 */
export interface CommandResult {
  readonly exitCode: 0 | 1 | 3;
  readonly json: unknown;
  readonly text: string;
}
