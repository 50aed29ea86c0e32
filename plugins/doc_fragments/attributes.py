# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Attributes of resource modules that change things.
    DOCUMENTATION = r"""
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details:
      - Check mode sends no write request (only the reads needed to compare).
      - When a resource this task refers to does not exist yet (a domain, a Delivery account...), check mode assumes
        that a previous task of the play creates it, predicts the changes under it and says so in a warning.
      - Only the real run can tell whether DNS records are published. An ownership check or a Delivery domain
        verification the real run requests is predicted as a change (the real run reports it too, whatever its
        outcome), with a warning naming the records to publish; a DKIM verification is not predicted, and a warning
        says that a real run would try it.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: full
    details:
      - The diff shows only the keys that change; secrets are masked.
  idempotent:
    description:
      - When run twice in a row outside check mode, with the same arguments, the second invocation indicates no change.
      - This assumes that the system controlled/queried by the module has not changed in a relevant way.
    support: full
  action_group:
    description: Use C(group/qboxmail.qboxmail.all) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - qboxmail.qboxmail.all
"""

    # Attributes of read-only modules (_info).
    INFO_MODULE = r"""
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details:
      - This module only reads, so it behaves the same in check mode.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: N/A
    details:
      - This module only reads.
  idempotent:
    description:
      - When run twice in a row outside check mode, with the same arguments, the second invocation indicates no change.
    support: full
  action_group:
    description: Use C(group/qboxmail.qboxmail.all) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - qboxmail.qboxmail.all
"""

    # The option of modules with a list mode that chooses what the per-item results carry.
    LIST = r"""
options:
  return_objects:
    description:
      - With the list form, which items carry the full object in the per-item results.
      - V(changed) returns it only for the items that changed (or would change, in check mode); every item still
        reports its key, C(state), C(changed) and C(changes). This keeps the result small for long lists.
      - V(all) returns it for every item.
    type: str
    choices: [changed, all]
    default: changed
"""

    # Options shared by modules that wait for asynchronous work.
    WAIT = r"""
options:
  wait:
    description:
      - Wait until the asynchronous work a change started (activation, status change, verification) has finished.
      - Qboxmail queues much of its work; with V(false) the module returns as soon as the request is accepted.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait when O(wait=true). The module polls with backoff, never with long fixed sleeps.
    type: int
    default: 300
"""
