// jest checks that a globalSetup module exists before it runs any project, also for a unit-only run
// (`npm run test:unit` on a fresh clone, nothing built): this shim exists always and loads the stack's
// built setup only when the integration project really starts (`npm test` builds first).
module.exports = async (...args) => loadBuilt('global-setup')(...args);

function loadBuilt(name) {
  const path = `./packages/stack/dist/jest/${name}.js`;
  try {
    const mod = require(path);
    return mod.default ?? mod;
  } catch (error) {
    if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes(`dist/jest/${name}`)) {
      throw new Error(`${path} is not built: run \`npm run build\` (npm test does) before the integration tests`);
    }
    throw error;
  }
}
module.exports.loadBuilt = loadBuilt;
