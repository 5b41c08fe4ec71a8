// The console's server, bundled like every service, with the page Vite built (build-ui) copied beside it.
module.exports = require('../../tools/webpack/node-app')(__dirname, {
  assets: [{ input: 'dist/apps/console-ui', glob: '**/*', output: 'ui' }],
});
