#!/bin/sh
# The official haproxy image's entrypoint, in behaviour: options as first argument mean haproxy;
# haproxy runs in master-worker mode (-W, reloaded by SIGUSR2) and in the foreground (-db).
set -e
if [ "${1#-}" != "$1" ]; then
  set -- haproxy "$@"
fi
if [ "$1" = haproxy ]; then
  shift
  set -- haproxy -W -db "$@"
fi
exec "$@"
