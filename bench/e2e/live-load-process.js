// The latency runs' live load in a process of its own (bench:e2e, issue 17): the typed producer in the
// bench's own process shared its event loop with consume(signal), whose receive times are the measurement,
// and topped out near 35k ticks/s. As a module: `liveLoadInChild`, a LiveLoad (see
// packages/deploy/test/integration/e2e/live-load.ts) that forks this file; as the forked child: runs
// produceLive with the spec it is sent and reports each batch over IPC before sending it.
const { join } = require('node:path');
const { fork } = require('node:child_process');

const LIVE_LOAD_TS = join(__dirname, '..', '..', 'packages', 'deploy', 'test', 'integration', 'e2e', 'live-load.ts');

/** A LiveLoad that produces in a forked Node process; resolves with what it produced, rejects with its error. */
function liveLoadInChild(spec, onBatch) {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result;
    child.on('message', (m) => {
      if (m.type === 'batch') onBatch(m.batch);
      else if (m.type === 'done') result = { produced: m.produced };
      else if (m.type === 'error') reject(new Error(`live load: ${m.message}`));
    });
    child.on('error', reject);
    child.on('exit', (code) => (result !== undefined ? resolve(result) : reject(new Error(`live load process exited with ${code} before it was done`))));
    child.send({ type: 'start', spec });
  });
}

if (require.main === module) {
  process.once('message', async (m) => {
    try {
      const { createJiti } = require('jiti');
      const { produceLive } = await createJiti(__filename).import(LIVE_LOAD_TS);
      const { produced } = await produceLive(m.spec, (batch) => process.send({ type: 'batch', batch }));
      process.send({ type: 'done', produced }, () => process.disconnect());
    } catch (err) {
      process.send({ type: 'error', message: err instanceof Error ? err.message : String(err) }, () => process.disconnect());
    }
  });
}

module.exports = { liveLoadInChild };
