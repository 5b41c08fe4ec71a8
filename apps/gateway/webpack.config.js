// The error pages ship beside main.js (dist/apps/gateway/docs/errors): the gateway serves them at
// /errors/<code>, the `type` of every problem it answers with.
module.exports = require('../../tools/webpack/node-app')(__dirname, {
  assets: [{ input: 'docs/errors', glob: '*.md', output: 'docs/errors' }],
});
