// The public surface of @sluice/dashboard: the live page of a project's signals and jobs, and its parts.
export { dashboard } from './dashboard';
export type { Dashboard, DashboardOptions, DashboardSnapshot, SignalSnapshot, SavepointEntry } from './dashboard';
export { startDashboardServer, checkServerOptions } from './dashboard-server';
export type { DashboardServer, DashboardServerOptions } from './dashboard-server';
export { generateToken, isLoopbackHost, checkAccess, hostAllowed, TOKEN_COOKIE } from './access';
export type { AccessVerdict } from './access';
export { SeriesHistory } from './series-history';
export type { SeriesPoint } from './series-history';
export { sseFrame, SseHub } from './sse';
export { viewOf, pointOf } from './signal-view';
export type { SignalView, ChartKind } from './signal-view';
export { jobCard, RateMeter } from './job-card';
export type { JobCard, VertexCard } from './job-card';
export { staticFile } from './static-files';
export { DASHBOARD_ERROR_CODES } from './error-codes';
export type { DashboardErrorCode } from './error-codes';
