import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The console's page (index.html here, its code in ui/): plain TypeScript and CSS, bundled into a
// few hashed files that the console's server serves itself. Nothing is fetched from elsewhere at run time.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: {
    outDir: fileURLToPath(new URL('../../dist/apps/console-ui', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // Every asset a file of its own: no request leaves the console's origin, and none is a data: URL.
    assetsInlineLimit: 0,
  },
});
