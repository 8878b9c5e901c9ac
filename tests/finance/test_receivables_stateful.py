"""Stateful test of the receivables: random sequences of issue + confirm, split, discount, pay,
redeem and regulator freeze, against RightsModel (exact fractions). After every step:

- the contract's token balance is exactly what was paid minus what was redeemed (+ owed);
- every holder's units are the model's, and a receivable's units sum to its face until redeemed;
- no holder can redeem, or ever redeemed, more than its exact share;
- nothing is created or lost (tokens: payers' and financiers' outflows equal holders' inflows plus
  the contract's balance).
"""

import importlib.util
import os
from pathlib import Path

import brownie
import brownie.test
from brownie.test import strategy

from helpers import err
from recv_kit import USD, RightsModel, invoice, maturity

_spec = importlib.util.spec_from_file_location(
    "brownie_stateful_source", Path(brownie.test.__file__).with_name("stateful.py")
)
brownie_stateful = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(brownie_stateful)  # see tests/test_stateful.py: the compiled module refuses subclasses

REASON = b"\x01" * 32
MAX_RECEIVABLES = 3
STEPS: dict[str, int] = {}  # rule -> steps that went through, to show the machine ran


class Machine:
    st_index = strategy("uint8")
    st_from = strategy("uint8")
    st_to = strategy("uint8")
    st_amount = strategy("uint256", max_value=2_000)
    st_face = strategy("uint256", min_value=1, max_value=2_000)
    st_flag = strategy("bool")

    def __init__(cls, receivables, usd, admin, regulator, oem, tier1, tier2, tier3, financier):
        cls.rx, cls.usd, cls.regulator, cls.oem, cls.financier = receivables, usd, regulator, oem, financier
        cls.holders = [tier1, tier2, tier3, financier]
        cls.tier1 = tier1
        receivables.setCreditLine(oem, usd, 10**12, {"from": admin})
        usd.mint(oem, 10**12, {"from": oem})
        usd.approve(receivables, 10**12, {"from": oem})
        usd.mint(financier, 10**12, {"from": financier})
        usd.approve(receivables, 10**12, {"from": financier})
        cls.start = {a.address: usd.balanceOf(a) for a in [oem, *cls.holders]}

    def setup(self):
        self.ids: list[int] = []
        self.models: dict[int, RightsModel] = {}
        self.frozen: dict[int, bool] = {}

    def _pick(self, st_index):
        if not self.ids:  # every step does something: the first one issues a receivable
            self.rule_issue(1_000 + st_index)
        return self.ids[st_index % len(self.ids)]

    def rule_issue(self, st_face):
        if len(self.ids) >= MAX_RECEIVABLES:
            return
        rid = self.rx.issue(self.oem, self.usd, st_face, maturity(), invoice(), [], {"from": self.tier1}).return_value
        self.rx.confirm(rid, {"from": self.oem})
        self.ids.append(rid)
        self.models[rid] = RightsModel(st_face)
        self.models[rid].mint(self.tier1.address, st_face)
        self.frozen[rid] = False
        STEPS['issue'] = STEPS.get('issue', 0) + 1

    def rule_split(self, st_index, st_from, st_to, st_amount):
        rid = self._pick(st_index)
        if rid is None:
            return
        model = self.models[rid]
        sender, receiver = self.holders[st_from % 4], self.holders[st_to % 4]
        units = model.units.get(sender.address, 0)
        n = st_amount % (units + 1) if units else 0
        call = lambda: self.rx.safeTransferFrom(sender, receiver, rid, n, b"", {"from": sender})  # noqa: E731
        if model.paid == model.face:
            with brownie.reverts(err("ReceivableSettled", rid)):
                call()
        elif self.frozen[rid]:
            with brownie.reverts(err("ReceivableFrozen", rid, 1)):
                call()
        else:
            call()
            if n:
                model.move(sender.address, receiver.address, n)

    def rule_discount(self, st_index, st_from, st_amount):
        rid = self._pick(st_index)
        if rid is None:
            return
        model = self.models[rid]
        holder = self.holders[st_from % 3]
        units = model.units.get(holder.address, 0)
        if not units or model.paid == model.face or self.frozen[rid]:
            return
        n = 1 + st_amount % units
        offer = self.rx.offerDiscount(rid, self.financier, n, n, maturity(1), {"from": holder}).return_value
        self.rx.takeDiscount(offer, {"from": self.financier})
        model.move(holder.address, self.financier.address, n)
        STEPS['discount'] = STEPS.get('discount', 0) + 1

    def rule_pay(self, st_index, st_amount):
        rid = self._pick(st_index)
        if rid is None:
            return
        model = self.models[rid]
        remaining = model.face - model.paid
        amount = 1 + st_amount % max(remaining, 1)
        if remaining == 0:
            with brownie.reverts(err("ReceivableSettled", rid)):
                self.rx.pay(rid, 1, {"from": self.oem})
            return
        self.rx.pay(rid, amount, {"from": self.oem})
        model.pay(amount)
        STEPS['pay'] = STEPS.get('pay', 0) + 1

    def rule_redeem(self, st_index, st_from):
        rid = self._pick(st_index)
        if rid is None:
            return
        model = self.models[rid]
        # mostly a holder with something to redeem; now and then one without (NothingToRedeem)
        owed = [h for h in self.holders if model.units.get(h.address) or model.entitled.get(h.address, 0) >= 1]
        holder = owed[st_from % len(owed)] if owed and st_from % 4 else self.holders[st_from % 4]
        if self.rx.redeemable(rid, holder) == 0 and not (model.paid == model.face and model.units.get(holder.address)):
            with brownie.reverts(err("NothingToRedeem", rid, holder)):
                self.rx.redeem(rid, {"from": holder})
            return
        amount = self.rx.redeem(rid, {"from": holder}).return_value
        model.redeem(holder.address, amount)  # asserts: within its exact share
        STEPS['redeem'] = STEPS.get('redeem', 0) + 1

    def rule_freeze(self, st_index, st_flag):
        rid = self._pick(st_index)
        if rid is None or st_flag == self.frozen[rid]:
            return
        (self.rx.freeze if st_flag else self.rx.unfreeze)(rid, REASON, {"from": self.regulator})
        self.frozen[rid] = st_flag

    def teardown(self):
        """The debtor pays everything off and every holder redeems: each gets at most its exact
        share, and what stays in the contract is rounding dust (under one smallest unit a holder)."""
        for rid, model in self.models.items():
            if model.paid < model.face:
                self.rx.pay(rid, model.face - model.paid, {"from": self.oem})
                model.pay(model.face - model.paid)
            for holder in self.holders:
                if model.units.get(holder.address):
                    model.redeem(holder.address, self.rx.redeem(rid, {"from": holder}).return_value)
                    STEPS["redeem at the end"] = STEPS.get("redeem at the end", 0) + 1
                assert self.rx.balanceOf(holder, rid) == 0
            assert all(0 <= left < 1 for left in model.entitled.values())
        self.invariant_balance_is_paid_minus_redeemed()
        assert self.usd.balanceOf(self.rx) < len(self.holders) * max(len(self.models), 1)

    def invariant_balance_is_paid_minus_redeemed(self):
        paid = sum(m.paid for m in self.models.values())
        redeemed = sum(sum(m.redeemed.values()) for m in self.models.values())
        assert self.usd.balanceOf(self.rx) == paid - redeemed + self.rx.owedTotal(self.usd)

    def invariant_units_and_rights(self):
        for rid, model in self.models.items():
            total = 0
            for holder in self.holders:
                units = self.rx.balanceOf(holder, rid)
                assert units == model.units.get(holder.address, 0)
                assert self.rx.redeemable(rid, holder) <= model.entitled.get(holder.address, 0)
                total += units
            if model.paid < model.face:
                assert total == model.face

    def invariant_nothing_created_or_lost(self):
        now = {a: self.usd.balanceOf(a) for a in self.start}
        delta = sum(now[a] - self.start[a] for a in self.start)
        assert delta + self.usd.balanceOf(self.rx) == 0  # every token stayed among these accounts


def test_random_receivable_operations_keep_every_rule(receivables, usd, admin, regulator, oem, tier1, tier2, tier3,
                                                      financier):
    brownie_stateful.state_machine(
        Machine, receivables, usd, admin, regulator, oem, tier1, tier2, tier3, financier,
        settings={
            "max_examples": int(os.environ.get("PARTLEDGER_STATEFUL_EXAMPLES", 15)),
            "stateful_step_count": 25,
            "derandomize": os.environ.get("PARTLEDGER_STATEFUL_SEED") != "random",
        },
    )
    print(STEPS)
    assert all(STEPS.get(rule) for rule in ("issue", "pay", "redeem at the end", "discount")), STEPS
