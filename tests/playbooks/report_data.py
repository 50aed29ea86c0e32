# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A realistic month of TraceMail for the deliverability report's screenshot (make report-screenshot).

    python -m tests.playbooks.report_data [--days 30] [--end YYYY-MM-DD] [--seed 7]   (from the collection root)

seeds the simulator at SIM_URL (reset first): two Delivery accounts of the customer C100000001 (token
qbx-customer-dev-token), their sender domains, and a month of deliveries with weekly rhythm, a growing volume, a
bounce spike after a send to an old list, and a few suppressed recipients every day. Deterministic for a seed.
"""
from __future__ import annotations

import argparse
import datetime
import os
import random
import sys

from ..simulator.testing import Simulator

CUSTOMER = "C100000001"
ACCOUNTS = (("Shop notifications", "mail.shop.example.com", 900), ("Newsletter", "news.shop.example.com", 450))
RECIPIENT_DOMAINS = (("gmail.com", 34), ("outlook.com", 14), ("yahoo.com", 9), ("libero.it", 8), ("icloud.com", 7),
                     ("hotmail.it", 6), ("gmx.de", 5), ("virgilio.it", 4), ("orange.fr", 4), ("example-corp.com", 3),
                     ("web.de", 3), ("tiscali.it", 3))
NAMES = ("anna", "marco", "giulia", "luca", "sara", "paolo", "elena", "davide", "chiara", "matteo", "laura", "andrea",
         "francesca", "stefano", "martina", "simone", "valentina", "alessio", "federica", "nicola")
SUPPRESSION_REASONS = ("bounce", "bounce", "bounce", "complaint", "manual")


def entries(end: datetime.date, days: int = 30, seed: int = 7) -> list:
    """The TraceMail entries of the window of `days` days up to `end` (fixtures of POST /_sim/tracemail)."""
    rnd = random.Random(seed)
    domains = [name for name, weight in RECIPIENT_DOMAINS for _i in range(weight)]
    spike = days - 9 if days > 12 else None            # the day a campaign went to an old list
    out = []
    for offset in range(days):
        day = end - datetime.timedelta(days=days - 1 - offset)
        weekend = day.weekday() >= 5
        growth = 1 + 0.25 * offset / max(days - 1, 1)
        for description, sender_domain, base in ACCOUNTS:
            volume = int(base * growth * (0.45 if weekend else 1.0) * rnd.uniform(0.85, 1.15))
            bounce_p = 0.0058 if offset != spike else 0.024
            suppressed_p = 0.0016 + 0.0012 * offset / max(days - 1, 1)
            for _i in range(volume):
                roll = rnd.random()
                status = "bounce" if roll < bounce_p else "suppressed" if roll < bounce_p + suppressed_p else "delivered"
                domain = rnd.choice(domains)
                if status == "bounce" and offset == spike and rnd.random() < 0.5:
                    domain = rnd.choice(("libero.it", "virgilio.it", "tiscali.it"))
                to = "%s.%s%d@%s" % (rnd.choice(NAMES), rnd.choice(NAMES), rnd.randint(1, 99), domain)
                entry = {"account": description, "from": "no-reply@" + sender_domain, "to": to, "status": status,
                         "subject": "Your order" if description.startswith("Shop") else "News of the week",
                         "submitted_at": "%sT%02d:%02d:%02d.000Z" % (
                             day.isoformat(), rnd.randint(7, 21), rnd.randint(0, 59), rnd.randint(0, 59))}
                if status == "suppressed":
                    entry["error_message"] = "Recipient is on the suppression list (%s)" % rnd.choice(SUPPRESSION_REASONS)
                elif status == "bounce":
                    entry["error_message"] = "550 5.1.1 <%s>: Recipient address rejected: User unknown" % to
                out.append(entry)
    return out


def seed(sim: Simulator, end: datetime.date, days: int = 30, seed_value: int = 7) -> int:
    """Reset the simulator and seed the accounts, domains and entries; returns the number of entries."""
    sim.reset()
    codes = sim.seed(delivery_domains=[{"name": domain, "customer_code": CUSTOMER, "verified": True}
                                       for _d, domain, _b in ACCOUNTS])["delivery_domains"]
    ids = sim.seed(delivery_accounts=[{"description": description, "customer_code": CUSTOMER, "domain_codes": [code]}
                                      for (description, _d, _b), code in zip(ACCOUNTS, codes)])["delivery_accounts"]
    by_name = dict(zip([description for description, _d, _b in ACCOUNTS], ids))
    items = [dict(entry, account=by_name[entry["account"]], customer_code=CUSTOMER) for entry in entries(end, days, seed_value)]
    for start in range(0, len(items), 5000):
        sim.control("POST", "tracemail", {"entries": items[start:start + 5000]})
    return len(items)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--end", default=datetime.datetime.now(datetime.timezone.utc).date().isoformat())
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if not os.environ.get("SIM_URL"):
        sys.exit("SIM_URL is not set: run under python -m tests.simulator run -- ...")
    count = seed(Simulator(os.environ["SIM_URL"], timeout=60), datetime.date.fromisoformat(args.end), args.days, args.seed)
    print("seeded %d TraceMail entries over %d days up to %s" % (count, args.days, args.end))
    return 0


if __name__ == "__main__":
    sys.exit(main())
