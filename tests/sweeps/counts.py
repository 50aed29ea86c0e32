# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the sweeps checked, shared by the tests and the summary hook (one module object, whatever imported it)."""
from __future__ import annotations

import collections

COUNTS = collections.Counter()
MATRIX = collections.defaultdict(dict)     # "module.operation" -> {fault: outcome letter}
