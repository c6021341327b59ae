#!/bin/sh
# Builds the SPA into web/build. With --if-needed, skips the build when web/build is newer than its sources.
set -e
cd "$(dirname "$0")/.."
if [ "$1" = "--if-needed" ] && [ -f web/build/index.html ] &&
  [ -z "$(find web/src web/static web/vite.config.ts -newer web/build/index.html | head -n 1)" ]; then
  echo "web/build is up to date"
  exit 0
fi
exec vite build --config web/vite.config.ts
