#!/usr/bin/env bash
# The main job: install what is missing, build everything, start promokit-server with the demo
# mall (catalog, customers) serving the admin app and the checkout on localhost.
# PORT (8080), PROMOKIT_DB (build/run/promokit.db), PROMOKIT_ADMIN_TOKEN and PROMOKIT_APP_KEY
# (demo values below, printed at start; set your own outside a local demo) may be overridden.
set -euo pipefail
cd "$(dirname "$0")/.."
PROMOKIT_BROWSER_TESTS=0 bash scripts/setup.sh
bash scripts/build.sh
port=${PORT:-8080}
db=${PROMOKIT_DB:-build/run/promokit.db}
mkdir -p "$(dirname "$db")"
export PROMOKIT_ADMIN_TOKEN=${PROMOKIT_ADMIN_TOKEN:-pka_demo_admin}
export PROMOKIT_APP_KEY=${PROMOKIT_APP_KEY:-pkk_demo_app}
cat <<MSG

promokit demo on http://127.0.0.1:$port/
  admin preview tool  http://127.0.0.1:$port/admin/     (admin token: $PROMOKIT_ADMIN_TOKEN)
  web checkout        http://127.0.0.1:$port/checkout/  (app key: $PROMOKIT_APP_KEY)
  database            $db   (delete it to start over from the demo data)
Ctrl-C stops the server.

MSG
exec build/native/server/promokit-server --port "$port" --db "$db" --demo --static-root .
