#!/usr/bin/env bash
# Puts every secret the app settings reference into the Key Vault that
# main.bicep created — generated here with openssl, or copied from the bot
# resource, or typed in — and never overwrites one that exists (a new
# REPORT_ENCRYPTION_KEYS would orphan every stored report; rotation is in
# docs/OPERATIONS.md). Values travel through a mode-0600 temporary file, never
# through a command line, and are removed at the end.
#
#   deploy/azure/secrets.sh <resource-group>
#
# Needs: az (signed in, with "Key Vault Secrets Officer" on the vault), openssl.
set -euo pipefail
RG=${1:?usage: deploy/azure/secrets.sh <resource-group>}
out() { az deployment group show -g "$RG" -n main --query "properties.outputs.$1.value" -o tsv; }
VAULT=$(out keyVaultName)
BOT=$(out botName)
TMP=$(mktemp -d)
chmod 700 "$TMP"
trap 'rm -rf "$TMP"' EXIT

exists() { az keyvault secret show --vault-name "$VAULT" --name "$1" --query id -o tsv >/dev/null 2>&1; }
put() { # name, value on stdin
  umask 077
  cat > "$TMP/value"
  az keyvault secret set --vault-name "$VAULT" --name "$1" --file "$TMP/value" --encoding utf-8 --query id -o tsv >/dev/null
  rm -f "$TMP/value"
  echo "set $1"
}
generate() { # name, command printing the value
  if exists "$1"; then echo "kept $1 (exists)"; else "${@:2}" | tr -d '\n' | put "$1"; fi
}

# kid:base64 of 32 random bytes; the kid names the month it was made, for rotation.
report_key() { printf 'k%s:%s' "$(date +%Y%m)" "$(openssl rand -base64 32)"; }
generate report-encryption-keys report_key
generate directline-token-secret openssl rand -base64 48
generate dashboard-totp-key openssl rand -base64 32
generate notify-webhook-secret openssl rand -hex 32

# The Direct Line key of the bot's "widget" site (main.bicep creates the site; Azure makes the key).
if exists directline-secret; then echo "kept directline-secret (exists)"; else
  az bot directline show -g "$RG" -n "$BOT" --with-secrets \
    --query "properties.properties.sites[?siteName=='widget'].key | [0]" -o tsv | tr -d '\n' | put directline-secret
fi

# Typed in only when the deployment uses them (the app settings reference them only then).
for name in smtp-password bot-app-password; do
  if exists "$name"; then echo "kept $name (exists)"; continue; fi
  read -r -s -p "$name (empty = not used): " value; echo
  if [ -n "$value" ]; then printf '%s' "$value" | put "$name"; fi
  unset value
done
echo "Restart the app so it reads the secrets: az webapp restart -g $RG -n $(out appName)"
