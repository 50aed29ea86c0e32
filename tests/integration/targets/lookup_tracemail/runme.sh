#!/usr/bin/env bash
# The tracemail lookup: its own connection options (lookups get no module_defaults), then the modules' env vars.
set -eux
vars=../../integration_config.yml
ansible-playbook -i "$INVENTORY_PATH" lookup.yml -e @"$vars" "$@"
sim_url=$("${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["sim_url"])' "$vars")
QBOXMAIL_API_URL="$sim_url" QBOXMAIL_API_TOKEN=qbx-customer-dev-token \
    ansible-playbook -i "$INVENTORY_PATH" environment.yml -e @"$vars" "$@"
