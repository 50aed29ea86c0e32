# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures shared by the scenarios (private: not a scenario)."""
from __future__ import annotations

DOMAIN = {"name": "example.com", "customer_code": "C100000001", "status": "enabled", "max_email_quota": 8589934592}
DELIVERY_DOMAIN = {"name": "mail.example.com", "customer_code": "C100000001", "verified": True}


def named(collection, key, value):
    """count(sim) of the objects of a collection whose `key` equals `value` (duplicate detection)."""
    return lambda sim: sum(1 for obj in sim.state(collection) if str(obj.get(key)).lower() == value)
