#!/usr/bin/env bash
# Writes the Nx/TypeScript/Jest/webpack boilerplate of a service so every app is wired the same way.
# Usage: bash tools/app-scaffold.sh <name>
set -euo pipefail
name=$1 root=apps/$1
mkdir -p "$root/src"
cat > "$root/project.json" <<JSON
{
  "name": "$name",
  "\$schema": "../../node_modules/nx/schemas/project-schema.json",
  "sourceRoot": "$root/src",
  "projectType": "application",
  "tags": ["scope:service"],
  "targets": {
    "build": {
      "executor": "nx:run-commands",
      "outputs": ["{workspaceRoot}/dist/$root"],
      "options": { "command": "webpack-cli build --config $root/webpack.config.js", "env": { "NODE_ENV": "production" } }
    },
    "test": {
      "executor": "@nx/jest:jest",
      "options": { "jestConfig": "$root/jest.config.cjs", "passWithNoTests": false }
    },
    "typecheck": {
      "executor": "nx:run-commands",
      "options": { "command": "tsc -p $root/tsconfig.app.json --noEmit && tsc -p $root/tsconfig.spec.json --noEmit" }
    }
  }
}
JSON
cat > "$root/webpack.config.js" <<JS
module.exports = require('../../tools/webpack/node-app')(__dirname);
JS
cat > "$root/tsconfig.json" <<JSON
{
  "extends": "../../tsconfig.base.json",
  "files": [],
  "include": [],
  "references": [{ "path": "./tsconfig.app.json" }, { "path": "./tsconfig.spec.json" }]
}
JSON
cat > "$root/tsconfig.app.json" <<JSON
{
  "extends": "./tsconfig.json",
  "compilerOptions": { "outDir": "../../dist/out-tsc", "types": ["node"] },
  "include": ["src/**/*.ts"],
  "exclude": ["src/**/*.spec.ts"]
}
JSON
cat > "$root/tsconfig.spec.json" <<JSON
{
  "extends": "./tsconfig.json",
  "compilerOptions": { "outDir": "../../dist/out-tsc", "types": ["jest", "node"] },
  "include": ["src/**/*.ts"]
}
JSON
cat > "$root/jest.config.cjs" <<JS
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '$name',
  rootDir: __dirname,
};
JS
