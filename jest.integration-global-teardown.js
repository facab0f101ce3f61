// See jest.integration-global-setup.js: loads the stack's built teardown only when it runs.
const { loadBuilt } = require('./jest.integration-global-setup');

module.exports = async (...args) => loadBuilt('global-teardown')(...args);
