# Every image of hoptrace, from one build. Build context: the repository root (see docker-compose.yml).
#
# `build` installs the whole workspace once and runs the Nx build of every app once; each app's
# image is then a small stage of its own (`service` for the five services and the web console,
# `scenario-runner` for the tool), holding dist/apps/<app> (main.js with the workspace libraries
# bundled in, its source map, the gateway's error pages, the console's page) and the npm packages main.js loads at run time, installed from the
# package.json + package-lock.json the build wrote beside it: neither sources, dev dependencies nor
# the build toolchain. Compose builds the seven images in parallel and BuildKit runs `build` once
# for all of them.
#
#   docker build --target service --build-arg APP=billing --build-arg PORT=3001 -t hoptrace-billing .
#   docker build --target service --build-arg APP=console --build-arg PORT=8080 -t hoptrace-console .
#   docker build --target scenario-runner -t hoptrace-scenario-runner .

FROM node:24-bookworm-slim AS build
ENV NX_DAEMON=false NX_NO_CLOUD=true
WORKDIR /workspace
COPY package.json package-lock.json .npmrc ./
# The npm cache is a build cache, shared with the apps' installs below, never a layer of an image.
RUN --mount=type=cache,id=hoptrace-npm,target=/root/.npm npm ci --no-audit --no-fund
# What the build reads, and nothing else, so that editing a test or the README rebuilds no image.
COPY nx.json tsconfig.base.json ./
COPY tools/webpack tools/webpack
COPY docs/errors docs/errors
COPY libs libs
COPY apps apps
RUN npx nx run-many -t build --projects=gateway,billing,payment-processor,notifier,facilitator,scenario-runner,console --parallel=2 --output-style=static

# One app's runtime: its own dependency list installed first (a layer that changes only with it),
# then its build output.
FROM node:24-bookworm-slim AS app
ARG APP
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /workspace/dist/apps/${APP}/package.json /workspace/dist/apps/${APP}/package-lock.json ./
RUN --mount=type=cache,id=hoptrace-npm,target=/root/.npm npm ci --omit=dev --no-audit --no-fund
COPY --from=build /workspace/dist/apps/${APP}/ ./
USER node

# gateway, billing, payment-processor, notifier, facilitator, and the console (its page is in ui/, served by its
# main.js). The service closes itself on SIGTERM and exits,
# PID 1 or not (libs/runtime/src/shutdown.ts), so no init process is needed in front of it.
FROM app AS service
ARG PORT
ENV PORT=${PORT}
EXPOSE ${PORT}
# Probed every 2 s, so a service counts as healthy about as soon as it answers: bash's /dev/tcp
# costs a fraction of a millisecond where `node -e "fetch(...)"` would start a whole Node process
# (some 40 ms of CPU) each time.
HEALTHCHECK --interval=2s --timeout=2s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/$PORT && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && read -r _ status _ <&3 && [[ $status == 200 ]]"]
CMD ["node", "--enable-source-maps", "main.js"]

# The scenario runner: a one-off container, `docker compose run --rm scenario-runner run all`.
FROM app AS scenario-runner
# The demo merchant's webhook receiver (webhook-failing), reached by the notifier.
EXPOSE 4000
ENTRYPOINT ["node", "--enable-source-maps", "main.js"]
CMD ["list"]
