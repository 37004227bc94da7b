// Piscina's entry point in each worker thread. The worker is TypeScript: tsx
// registers its loader in this thread (the main thread's loader, tsx under
// `npm start` or ts-jest under jest, does not reach worker threads), then the
// task module is loaded.
require('tsx/cjs/api').register();
module.exports = require('./worker.ts');
