#!/bin/sh
# The image's entrypoint. A mounted volume (a compose volume, Azure Files NFS)
# arrives owned by root; as root, this hands the spool folder to the
# unprivileged `node` user, then runs the server as `node` — nothing else
# ever runs as root. Started as another user (docker run --user), it runs
# the command as that user unchanged.
set -eu
if [ "$(id -u)" = 0 ]; then
  mkdir -p "${SPOOL_DIR:?}"
  chown node:node "$SPOOL_DIR"
  chmod 700 "$SPOOL_DIR"
  exec setpriv --reuid=node --regid=node --init-groups -- "$@"
fi
exec "$@"
