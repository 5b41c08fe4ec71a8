// The one webpack setup of every service: workspace libraries are bundled into main.js, packages
// from node_modules stay external (OpenTelemetry can only instrument modules that are `require`d),
// and a package.json + package-lock.json listing just those packages is written beside it, which
// is all a production image installs. `options.assets` are files copied beside main.js, in
// NxAppWebpackPlugin's asset form: { input (from the workspace root), glob, output (in dist) }.
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('node:path');

module.exports = function nodeApp(appDir, options = {}) {
  const name = require('node:path').basename(appDir);
  return {
    output: { path: join(__dirname, '../../dist/apps', name), clean: true },
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: join(appDir, 'src/main.ts'),
        tsConfig: join(appDir, 'tsconfig.app.json'),
        outputHashing: 'none',
        optimization: false,
        sourceMap: true,
        generatePackageJson: true,
        assets: options.assets ?? [],
      }),
    ],
  };
};
