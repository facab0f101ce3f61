// The public surface of @sluice/cli: the program, its command functions, and defineConfig for sluice.config.ts.
export { defineConfig } from '@sluice/deploy';
export type { SluiceConfig } from '@sluice/deploy';
export { buildProgram } from './program';
export type { ProgramRun } from './program';
export type { CliIo, GlobalOptions, CommandResult } from './io';
export { validateCommand } from './commands/validate';
export type { ValidateOptions } from './commands/validate';
export { planCommand, renderPlan, planJson } from './commands/plan';
export type { PlanCommandOptions } from './commands/plan';
export { deployCommand, rollbackCommand } from './commands/deploy';
export type { DeployOptions, RollbackCommandOptions } from './commands/deploy';
export { statusCommand, listCommand, cancelCommand, savepointCommand, sqlCommand } from './commands/jobs';
export type { StatusOptions } from './commands/jobs';
export { tailCommand } from './commands/tail';
export type { TailCommandOptions } from './commands/tail';
export { stackCommand } from './commands/stack';
export { jitiImporter, loadCliProject } from './load';
