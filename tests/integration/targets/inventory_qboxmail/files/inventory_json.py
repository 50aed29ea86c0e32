# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""`ansible-inventory -i SOURCE --list --export` as plain JSON: ansible-core marks the values it does not trust
(everything an inventory plugin read from an API) as {"__ansible_unsafe": value}, which from_json refuses."""
import json
import subprocess
import sys


def plain(value):
    if isinstance(value, dict):
        if list(value) == ["__ansible_unsafe"]:
            return plain(value["__ansible_unsafe"])
        return dict((k, plain(v)) for k, v in value.items())
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


done = subprocess.run(["ansible-inventory", "-i", sys.argv[1], "--list", "--export"], capture_output=True, text=True,
                      check=False)
sys.stderr.write(done.stderr)
if done.returncode:
    sys.exit(done.returncode)
print(json.dumps(plain(json.loads(done.stdout))))
