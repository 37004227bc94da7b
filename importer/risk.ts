// Billing events are sent with their projects' risk evaluation deferred
// (`riskEvaluation=deferred`): a month's file of 1,000 projects in 500-row calls
// would otherwise evaluate every project it touches after every call. Once every
// call is answered, each project the journal names is evaluated once, a few at
// a time, each with its own Idempotency-Key (key.ts riskKey), so a run
// interrupted here and run again evaluates only what it has not, and answers
// the rest from the first evaluations.
import type { ImportApi } from './http';
import { formatDuration } from './progress';
import { untilAnswered } from './retry';

/**
 * Evaluations in flight at once: each is one small transaction, and distinct projects never conflict. Four answer
 * about 13 a second, inside the API's limit for one client (1,200 a minute); more would be answered 429.
 */
export const EVALUATIONS_IN_FLIGHT = 4;

export interface RiskOutcome {
  evaluated: number;
  /** Projects at or above their threshold after the evaluation. */
  atRisk: string[];
  /** Warnings this evaluation raised (a project crossing its threshold upward). */
  warnings: number;
  seconds: number;
  /** The failure that stopped the evaluations, and its project; the rest were not tried. */
  failed?: { projectId: string; error: unknown };
}

export interface RiskIo {
  err: (line: string) => void;
  sleep: (ms: number) => Promise<void>;
}

/** One project's evaluation, sent again as retry.ts says. */
async function evaluate(api: ImportApi, projectId: string, key: string, io: RiskIo): Promise<{ atRisk: boolean; warning: unknown }> {
  const answer = await untilAnswered(
    () => api.evaluateRisk(projectId, key),
    (e, wait) => io.err(`risk evaluation of ${projectId}: ${e.message}; asking again in ${formatDuration(wait / 1000)}`),
    io.sleep,
  );
  return answer.body as { atRisk: boolean; warning: unknown };
}

/** Evaluates each of `projects` once; progress as lines on stderr. */
export async function evaluateProjects(api: ImportApi, projects: readonly string[], keyOf: (projectId: string) => string, io: RiskIo): Promise<RiskOutcome> {
  const started = Date.now();
  const out: RiskOutcome = { evaluated: 0, atRisk: [], warnings: 0, seconds: 0 };
  const queue = [...projects];
  const every = Math.max(1, Math.ceil(projects.length / 20));
  io.err(`evaluating the risk of ${projects.length} projects, once each, ${EVALUATIONS_IN_FLIGHT} at a time`);
  const worker = async () => {
    for (let p = queue.shift(); p !== undefined && !out.failed; p = queue.shift()) {
      try {
        const answer = await evaluate(api, p, keyOf(p), io);
        out.evaluated++;
        if (answer.atRisk) out.atRisk.push(p);
        if (answer.warning) out.warnings++;
        if (out.evaluated % every === 0 || out.evaluated === projects.length) io.err(`risk evaluated: ${out.evaluated}/${projects.length} projects`);
      } catch (error) {
        out.failed ??= { projectId: p, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(EVALUATIONS_IN_FLIGHT, projects.length) }, worker));
  out.atRisk.sort();
  out.seconds = (Date.now() - started) / 1000;
  return out;
}
