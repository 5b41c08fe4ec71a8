#!/bin/sh
# The official redis image's entrypoint, in behaviour: options or a .conf file as first argument
# mean redis-server; started as root, redis-server takes over what /data holds and drops to the
# `redis` user; a default umask becomes 0077.
set -e
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
  set -- redis-server "$@"
fi
if [ "$1" = redis-server ] && [ "$(id -u)" = 0 ]; then
  find . \! -user redis -exec chown redis '{}' +
  exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi
if [ "$(umask)" = 0022 ]; then
  umask 0077
fi
# The official build compiles protected mode off; Debian's keeps it on, which refuses every client
# but loopback ones when no password is set. Without a config file, say it as the official default.
if [ "$1" = redis-server ] && [ $# -eq 1 ]; then
  set -- redis-server --protected-mode no
fi
exec "$@"
