# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to qboxmail.qboxmail: Delivery plans and prices. The plan of a Delivery account as state, the billing
profile a create may bring, the one-shot purchase of extra messages, and the price reads."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._resource import Resource, Write
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Field, Option
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import ModuleFailure

PRICES_PATH = "/api/delivery/prices"
PRICING_PAGE_PATH = PRICES_PATH + "/page"
PLANS = ("free", "monthly", "prepaid")   # [DOC] the plan vocabulary of the account list filter
PAYMENT_METHODS = ("stripe", "lcwsoftpaypalbillingagreements", "paypal")   # [DOC] create and update
# GAP: the plan an API-created account starts on is undocumented (delivery.md Q6): the Free plan.
NEW_ACCOUNT_PLAN = "free"
# The update documents `volume` and `payment_method` "for plan changes" but no plan field (delivery.md §4.4, Q6),
# and `volume` alone buys that many packages of extra messages, which is billed. So `plan` and `plan_volume` are
# checked against the account, never sent: a task that wants another plan fails before any request.
PLAN_CHANGE_HELP = ("Qboxmail's API documents no plan change (the account update takes volume, which alone buys extra "
                    "messages and is billed), so the module never tries one: change the plan in the Qboxmail panel, "
                    "then run the task again (plan and plan_volume are compared with the account's)")
# [DOC] the billing-profile fields of the create ("optionally creates the customer billing profile/order").
BILLING_PROFILE = dict(
    customer_type=Option(choices=["private", "company", "reseller"]),
    **dict((name, Option(no_log=name == "password2")) for name in (
        "firstname", "lastname", "email_address", "country", "address1", "city", "postcode", "state", "phonenumber",
        "fiscalcode", "vat", "companyname", "password2"))
)
PLAN_FIELDS = dict(
    plan=Option(choices=list(PLANS)),
    plan_volume=Option("int"),
    payment_method=Field(create_only=True, choices=list(PAYMENT_METHODS)),
    buy_extra_messages=Option("int"),
    billing_profile=Option("dict", options=BILLING_PROFILE),
)


def offer_messages(client, plan):
    """The messages of one package of a plan (`messages` of its offer in the price list), or None."""
    for offer in client.paginate(PRICES_PATH, {"type": plan}):
        if offer.get("type") == plan and isinstance(offer.get("messages"), int):
            return offer["messages"]
    return None


class AccountPlan(Resource):
    """The plan steps of a Delivery account: a mixin before `Resource` in the module's class."""

    package = None   # messages of one package of the wanted paid plan

    def normalise(self):
        """Checks of the plan options (no requests)."""
        super(AccountPlan, self).normalise()
        plan, volume, extra = (self.params.get(o) for o in ("plan", "plan_volume", "buy_extra_messages"))
        used = [o for o in ("plan", "plan_volume", "buy_extra_messages", "billing_profile") if self.params.get(o) is not None]
        if used and self.params.get("state") == "absent":
            raise ModuleFailure("%s cannot be used with state=absent" % ", ".join(used))
        if plan in ("monthly", "prepaid") and (volume is None or volume < 1):
            raise ModuleFailure("plan_volume: the %s plan needs plan_volume, its number of message packages (1 or more; "
                                "see qboxmail.qboxmail.delivery_price_info for the package size)" % plan)
        if volume is not None and plan in (None, "free"):
            raise ModuleFailure("plan_volume is only used with plan=monthly or plan=prepaid")
        if extra is not None and extra < 1:
            raise ModuleFailure("buy_extra_messages: must be a number of packages, 1 or more (got %s)" % extra)

    def resolve(self):
        super(AccountPlan, self).resolve()
        plan = self.params.get("plan")
        if plan in ("monthly", "prepaid") and self.state != "absent":
            self.package = offer_messages(self.client, plan)
            if self.package is None:
                raise ModuleFailure("plan: Qboxmail's price list has no %s offer" % plan)

    def create_body(self):
        body = super(AccountPlan, self).create_body()
        profile = dict((k, v) for k, v in (self.params.get("billing_profile") or {}).items() if v is not None)
        if profile.get("password2"):
            profile["password2_confirmation"] = profile["password2"]
        body.update(profile)
        return body

    def plan_status(self, plan):
        super(AccountPlan, self).plan_status(plan)
        self.plan_change(plan)
        self.plan_purchase(plan)

    def plan_change(self, plan):
        """The plan compared as state (its name and, for a paid plan, its size); a difference fails, no request."""
        wanted = self.params.get("plan")
        if not wanted:
            return
        obj = plan.obj
        have = obj.get("plan") if self.code else NEW_ACCOUNT_PLAN
        size = self.params["plan_volume"] * self.package if self.package else None
        have_size = obj.get("plan_num_messages") if self.code else None
        if have != wanted:
            raise ModuleFailure("plan: %s is on the %s plan, not %s. %s" % (
                self.label(), have, wanted, PLAN_CHANGE_HELP) if self.code else (
                "plan: a new Delivery account starts on the %s plan, not %s. Create it without plan (or with "
                "plan=%s), then %s" % (have, wanted, have, PLAN_CHANGE_HELP[0].lower() + PLAN_CHANGE_HELP[1:])))
        if size is not None and have_size != size:
            raise ModuleFailure("plan_volume: %s has %s plan messages, not %d (%d x %d per package). %s" % (
                self.label(), have_size, size, self.params["plan_volume"], self.package, PLAN_CHANGE_HELP))

    def note(self, plan, key, before, after):
        """A diff note; a new account's diff has no `before` but its state."""
        if self.code:
            plan.note(key, before, after)
        else:
            plan.after[key] = after

    def plan_purchase(self, plan):
        """`buy_extra_messages`: a purchase each time the task runs with it, never repeated after a lost answer."""
        packages = self.params.get("buy_extra_messages")
        if not packages:
            return
        self.note(plan, "extra_messages", plan.obj.get("remaining_extra_messages_bought"),
                  "+%d package%s (bought)" % (packages, "s" if packages > 1 else ""))
        body = {"volume": packages}
        if self.params.get("payment_method"):
            body["payment_method"] = self.params["payment_method"]
        plan.add(Write("PUT", self.item_path, body, billable=True, once=True, uncertain=(
            "the purchase of %d extra-message package(s) for %s may have been made although no answer arrived; it is "
            "not repeated: check remaining_extra_messages_bought with qboxmail.qboxmail.delivery_account_info before "
            "buying again" % (packages, self.label()))))
