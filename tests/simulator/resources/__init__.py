# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Resource families of the simulator, one module per family, discovered automatically by ``app.make_app``.

A module here exposes ``register(routes: aiohttp.web.RouteTableDef, state: State)`` which adds its routes
and may register a fixture loader in ``state.seeders[collection]`` (used by ``POST /_sim/seed``).
Modules whose name starts with ``_`` are skipped.
"""
from __future__ import annotations
