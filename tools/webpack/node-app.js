// The one webpack setup of every service: workspace libraries are bundled into main.js, packages
// from node_modules stay external (OpenTelemetry can only instrument modules that are `require`d),
// and a package.json + package-lock.json listing just those packages is written beside it, which
// is all a production image installs. `options.assets` are files copied beside main.js, in
// NxAppWebpackPlugin's asset form: { input (from the workspace root), glob, output (in dist) }.
// The benchmark builds the same services from entries of its own (`options.main`, `options.output`).
// `options.typeCheck: false` skips the type check a build otherwise runs beside each bundle.
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { basename, join } = require('node:path');

module.exports = function nodeApp(appDir, options = {}) {
  const name = options.name ?? basename(appDir);
  return {
    name,
    output: { path: options.output ?? join(__dirname, '../../dist/apps', name), clean: true },
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: options.main ?? join(appDir, 'src/main.ts'),
        tsConfig: options.tsConfig ?? join(appDir, 'tsconfig.app.json'),
        outputHashing: 'none',
        optimization: false,
        sourceMap: true,
        generatePackageJson: options.generatePackageJson ?? true,
        assets: options.assets ?? [],
        // `typeCheck: false` leaves type checking to the project's typecheck target.
        ...(options.typeCheck === false ? { typeCheckOptions: false } : {}),
      }),
    ],
  };
};
