# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Qboxmail API simulator: an in-memory aiohttp server for tests and demos.

Run it with ``python -m tests.simulator`` from the collection root; see docs/developing.md.
"""
from __future__ import annotations
