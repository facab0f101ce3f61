'use strict';
// The few SQL Gateway / Flink REST calls the quickstart needs. (@sluice/flink-client is the full client.)

async function call(method, url, body) {
  const init = { method, signal: AbortSignal.timeout(30_000) };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'content-type': 'application/json' };
  }
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok) {
    // Flink answers {"errors": [...java stack...]}: show the deepest "Caused by" line, not the stack.
    const causes = text.match(/Caused by: [^\n\\]+/g);
    throw new Error(`${method} ${new URL(url).pathname}: ${causes ? causes[causes.length - 1] : text.slice(0, 300)}`);
  }
  return text === '' ? {} : JSON.parse(text);
}

/** Runs statements in one gateway session; returns the job id of the last one that started a job. */
async function runStatements(gatewayUrl, statements) {
  const { sessionHandle } = await call('POST', `${gatewayUrl}/v1/sessions`, { sessionName: 'sluice-quickstart' });
  let jobId;
  try {
    for (const statement of statements) {
      const { operationHandle } = await call('POST', `${gatewayUrl}/v1/sessions/${sessionHandle}/statements`, { statement });
      let uri = `/v1/sessions/${sessionHandle}/operations/${operationHandle}/result/0?rowFormat=JSON`;
      for (;;) {
        const page = await call('GET', `${gatewayUrl}${uri}`);
        if (page.jobID) jobId = page.jobID;
        if (page.resultType !== 'NOT_READY') break;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } finally {
    await call('DELETE', `${gatewayUrl}/v1/sessions/${sessionHandle}`).catch(() => undefined);
  }
  return jobId;
}

async function jobsNamed(restUrl, name, states = ['RUNNING', 'CREATED', 'INITIALIZING', 'RESTARTING']) {
  const { jobs } = await call('GET', `${restUrl}/jobs/overview`);
  return jobs.filter((job) => job.name === name && states.includes(job.state));
}

async function jobState(restUrl, jobId) {
  return (await call('GET', `${restUrl}/jobs/${jobId}`)).state;
}

async function cancelJob(restUrl, jobId) {
  await call('PATCH', `${restUrl}/jobs/${jobId}?mode=cancel`);
}

module.exports = { runStatements, jobsNamed, jobState, cancelJob };
