#!/bin/sh
# The official node image's entrypoint, in behaviour: arguments that start with an option, or whose
# first word is no command on PATH (a script's name, say), or is a file that is not executable,
# are run by node; anything else runs as given. `exec` leaves the command as PID 1.
set -e
if [ "${1#-}" != "$1" ] || [ -z "$(command -v "$1")" ] || { [ -f "$1" ] && ! [ -x "$1" ]; }; then
  set -- node "$@"
fi
exec "$@"
