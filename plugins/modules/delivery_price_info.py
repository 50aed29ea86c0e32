#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: delivery_price_info
short_description: Read the prices of Qboxmail Delivery plans
version_added: 0.2.0
description:
  - Return the Delivery offers (one per account plan type and billing cycle, with the messages of one package and its
    price), optionally filtered by type or billing cycle.
  - With O(pricing_page=true), also the pricing page of the current customer (its billing profile, the payment
    methods and the plans of its Delivery accounts).
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes.INFO_MODULE
options:
  type:
    description: Only the offers of this type, for example V(monthly), V(prepaid), V(free) or V(extra) (extra messages).
    type: str
  billing_cycle:
    description: Only the offers with this billing cycle, for example V(monthly) or V(one_time).
    type: str
  pricing_page:
    description:
      - Also return RV(pricing_page), the pricing page of the customer of O(api_token) (with an admin token, of
        O(customer_code)). One more request.
    type: bool
    default: false
notes:
  - The price endpoints are not in Qboxmail's published reference; the module reads C(/api/delivery/prices) and
    C(/api/delivery/prices/page).
  - No module writes what this module reads, so its items have no C(options) to feed back into a module (as the
    other C(_info) modules' items have).
seealso:
  - module: qboxmail.qboxmail.delivery_account
"""

EXAMPLES = r"""
- name: What a monthly package costs
  qboxmail.qboxmail.delivery_price_info:
    type: monthly
  register: qbx_prices

- name: Size a monthly plan of 25,000 messages
  ansible.builtin.set_fact:
    qbx_packages: "{{ (25000 / qbx_prices.prices[0].messages) | round(0, 'ceil') | int }}"

- name: The customer's pricing page
  qboxmail.qboxmail.delivery_price_info:
    pricing_page: true
  register: qbx_page
"""

RETURN = r"""
prices:
  description: The offers as Qboxmail returns them; C(messages) and C(price) are per package.
  returned: always
  type: list
  elements: dict
  sample:
    - type: monthly
      billing_cycle: monthly
      messages: 10000
      price: 5.0
      currency: EUR
pricing_page:
  description: The pricing page of the customer as Qboxmail returns it.
  returned: with O(pricing_page=true)
  type: dict
  sample:
    customer_code: C100000001
    billing_profile: true
    currency: EUR
    payment_methods: [stripe, lcwsoftpaypalbillingagreements, paypal]
    accounts: [{id: 42, description: Shop notifications, plan: free, plan_num_messages: 3000}]
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._common import scrub
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._delivery_plans import PRICES_PATH, PRICING_PAGE_PATH
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._info import InfoModule
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Field, Option


class DeliveryPriceInfo(InfoModule):
    name = "prices"
    fields = dict(type=Field(), billing_cycle=Field(), pricing_page=Option("bool", default=False))
    list_path = PRICES_PATH
    filters = {"type": "type", "billing_cycle": "billing_cycle"}
    local_filters = {"type": "type", "billing_cycle": "billing_cycle"}   # also when the API ignores a filter

    def extra_result(self, items):
        if not self.params["pricing_page"]:
            return {}
        found = self.ctx.client.get(PRICING_PAGE_PATH, self.ctx.client.scoped() or None).resources
        return {"pricing_page": scrub(found[0]) if found else {}}


def main():
    DeliveryPriceInfo.run()


if __name__ == "__main__":
    main()
