"""Stateful test: random sequences of registrations, transfers, handovers, signed orders,
installs, removals, recalls, freezes, suspensions and retirements, against a Python model of
the rules. Every step the contracts should refuse is attempted too and must revert with the
error the rules name. After every step:

- each part has exactly one owner, the one the model expects;
- the owners rebuilt from event logs (ProvenanceReader.current_owners) are the chain's;
- an installed, frozen, suspect or retired part (or one below a frozen or suspect part in an
  assembly) never moved on its own;
- a suspended (or unregistered) participant never received a part.
"""

import importlib.util
import os
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import brownie.test
import requests
from brownie import ZERO_ADDRESS, chain, web3
from brownie.exceptions import VirtualMachineError
from brownie.test import strategy
from eth_utils import keccak, to_checksum_address
from web3 import Web3

from helpers import MAX_DEPTH, b32, new_key_account
from partledger.provenance import ProvenanceReader
from partledger.signing import domain_from_eip5267, sign_transfer
from scripts._brownie import to_readable

# brownie 1.22.2 ships brownie.test.stateful compiled with mypyc, and the compiled
# `_BrownieStateMachine` (marked @final) refuses the subclass its own `state_machine` builds:
# "TypeError: brownie.test.stateful._BrownieStateMachine object expected". The wheel also ships
# the module's Python source; that runs as brownie intends, so the test uses it.
_spec = importlib.util.spec_from_file_location(
    "brownie_stateful_source", Path(brownie.test.__file__).with_name("stateful.py")
)
brownie_stateful = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(brownie_stateful)

REASON = b32("reason")
MAX_PARTS = 12
SELECTORS = {name: keccak(text=sig)[:4] for name, sig in (
    ("ownerOf", "ownerOf(uint256)"), ("rootOwnerOf", "rootOwnerOf(uint256)"), ("parentOf", "parentOf(uint256)"),
    ("balanceOf", "balanceOf(address)"),
)}
OUTCOMES: Counter = Counter()  # (rule, "ok" or the refusal) -> count, printed with -s


@dataclass
class PartModel:
    holder: str  # the ERC-721 holder: the registry while installed
    batch: int = 0
    parent: int | None = None
    suspect_flag: bool = False
    regulator_recall: bool = False  # its own recall was imposed (or taken over) by a regulator
    clearance: int = 0
    frozen: bool = False
    retired: bool = False
    offer: str | None = None


class Refused(Exception):
    """What the rules say a step must fail with: an error name and some of its arguments."""

    def __init__(self, name, **args):
        super().__init__(name, args)
        self.name, self.args_subset = name, args


class StateMachine:
    st_part = strategy("uint8")
    st_other = strategy("uint8")
    st_actor = strategy("uint8")
    st_to = strategy("uint8")
    st_flag = strategy("bool")
    st_mode = strategy("uint8", max_value=2)

    def __init__(cls, suite, admin, regulator, maker, airline, broker, mro, outsider):
        cls.parts, cls.records, cls.participants = suite.parts, suite.records, suite.participants
        cls.registry = suite.parts.address
        cls.regulator, cls.maker, cls.outsider = regulator, maker, outsider
        cls.traders = [new_key_account(f"stateful-trader-{i}", funder=admin, ether=10) for i in (1, 2)]
        for i, trader in enumerate(cls.traders, 1):
            suite.participants.onboard(trader, f"Trader {i}", f"TR-{i}", [], {"from": admin})
        cls.actors = [maker, airline, broker, mro, *cls.traders, outsider]
        cls.keys = {t.address: t.private_key for t in cls.traders}
        cls.from_block = suite.parts.tx.block_number
        cls.domain = domain_from_eip5267(suite.parts.eip712Domain())
        session = requests.Session()
        session.trust_env = False  # no proxy lookup per request: the invariants make thousands
        cls.w3 = Web3(Web3.HTTPProvider(web3.provider.endpoint_uri, session=session))
        # Parts every example starts with (registered before brownie's snapshot): three on
        # their own and a batch of two.
        cls.initial = [
            suite.parts.registerPart(b32("PN-S"), b32(f"S{i}"), REASON, {"from": maker}).return_value for i in range(3)
        ]
        suite.parts.transferFrom(maker, cls.traders[0], cls.initial[0], {"from": maker})
        tx = suite.parts.registerBatch(b32("PN-B"), [b32("B-a"), b32("B-b")], REASON, {"from": maker})
        cls.batch_id = tx.return_value
        cls.batch_parts = [event["id"] for event in tx.events["Transfer"]]

    def setup(self):
        self.model: dict[int, PartModel] = {pid: PartModel(self.maker.address) for pid in self.initial}
        self.model[self.initial[0]].holder = self.traders[0].address
        self.model.update({pid: PartModel(self.maker.address, batch=self.batch_id) for pid in self.batch_parts})
        self.batches = {self.batch_id: {"recalled": False, "epoch": 0, "by_regulator": False}}
        self.serial = 100
        self.suspended: set[str] = set()
        self.registered = {a.address for a in self.actors if a != self.outsider}
        self.suspensions: dict[str, list[list]] = {}  # account -> [[from block, to block or None]]
        self.nonces = {a.address: 0 for a in self.actors}
        self.pinned: dict[int, str] = {}
        self.step = 0
        self._view = None
        self.reader = ProvenanceReader(self.w3, self.registry, self.parts.abi, self.records.address, self.records.abi,
                                       from_block=self.from_block, chunk=4, timestamps=False)

    # ------------------------------------------------------------ model helpers

    def pick(self, index, prefer=None):
        """A part by index; among those matching `prefer` when any does (so rules that need an
        open offer or a key-holding owner mostly get one, and sometimes not)."""
        ids = list(self.model)
        if prefer is not None and index % 4:
            preferred = [pid for pid in ids if prefer(pid)]
            if preferred:
                return preferred[index % len(preferred)]
        return ids[index % len(ids)]

    def actor(self, index):
        return self.actors[index % len(self.actors)]

    def root(self, pid):
        while self.model[pid].parent is not None:
            pid = self.model[pid].parent
        return pid

    def owner(self, pid):
        return self.model[self.root(pid)].holder

    def suspect(self, pid):
        return self.model[pid].suspect_flag or self.suspect_via_batch(pid)

    def suspect_via_batch(self, pid):
        p = self.model[pid]
        batch = self.batches.get(p.batch)
        return bool(batch and batch["recalled"] and p.clearance != batch["epoch"])

    def height(self, pid):
        """Exact: 0 without children, else 1 + the tallest child's."""
        return max((1 + self.height(c) for c, q in self.model.items() if q.parent == pid), default=0)

    def flagged_above(self, pid):
        """Whether a part above `pid` in its assembly is frozen or suspect."""
        node = self.model[pid].parent
        while node is not None:
            if self.model[node].frozen or self.suspect(node):
                return True
            node = self.model[node].parent
        return False

    def require_active(self, account):
        if account not in self.registered:
            raise Refused("ParticipantNotRegistered", account=account)
        if account in self.suspended:
            raise Refused("ParticipantSuspended", account=account)

    def transfer_rules(self, operator, sender, receiver, pid, relayer=False):
        """PartRegistry._transferCode + ParticipantRegistry.transferCheck, in their order. The
        operator must be registered too, unless it only relays an order the owner signed."""
        p = self.model[pid]
        if receiver in (ZERO_ADDRESS, self.registry):
            raise Refused("InvalidReceiver")
        if p.retired:
            raise Refused("PartRetired", partId=pid)
        if p.frozen:
            raise Refused("PartFrozen", partId=pid)
        if self.suspect(pid):
            raise Refused("PartSuspect", partId=pid)
        if operator != sender and operator in self.suspended:
            raise Refused("ParticipantSuspended", account=operator)
        if operator != sender and operator not in self.registered and not relayer:
            raise Refused("ParticipantNotRegistered", account=operator)
        if sender in self.suspended:
            raise Refused("ParticipantSuspended", account=sender)
        if sender not in self.registered:
            raise Refused("ParticipantNotRegistered", account=sender)
        if receiver in self.suspended:
            raise Refused("ParticipantSuspended", account=receiver)
        if receiver not in self.registered:
            raise Refused("ParticipantNotRegistered", account=receiver)

    def owner_may_act(self, pid, operator):
        """The owner-only actions on a loose part (offer, retire): an active caller, a part
        neither retired nor installed, and the caller its owner, checked in the contract's order."""
        p = self.model[pid]
        self.require_active(operator)
        if p.retired:
            raise Refused("PartRetired", partId=pid)
        if p.parent is not None:
            raise Refused("PartInstalled", partId=pid, parentId=p.parent)
        if operator != p.holder:
            raise Refused("NotPartOwner", partId=pid, account=operator)

    def attempt(self, check, send):
        """Run `check` (the rules); if they refuse, `send` must revert with that error;
        otherwise it must succeed. Returns the receipt, or None when refused."""
        self.step += 1
        rule = sys._getframe(1).f_code.co_name
        try:
            check()
        except Refused as refusal:
            OUTCOMES[(rule, refusal.name)] += 1
            try:
                send()
            except VirtualMachineError as exc:
                err = to_readable(exc)
                assert err is not None and err.name == refusal.name, f"expected {refusal.name}, got {exc.revert_msg}"
                for key, value in refusal.args_subset.items():
                    assert err.args[key] == value, (refusal.name, key, err.args[key], value)
                return None
            raise AssertionError(
                f"the contracts allowed what the rules refuse: {refusal.name} {refusal.args_subset}"
            ) from None
        OUTCOMES[(rule, "ok")] += 1
        return send()

    def moved(self, pid, receiver):
        p = self.model[pid]
        p.holder, p.offer = receiver, None

    def refresh_pins(self):
        for pid, p in self.model.items():
            if p.frozen or p.retired or self.suspect(pid) or self.flagged_above(pid):
                self.pinned.setdefault(pid, p.holder)
            else:
                self.pinned.pop(pid, None)

    # ------------------------------------------------------------ rules: registration and transfers

    def rule_register(self):
        if len(self.model) >= MAX_PARTS:
            return

        def check():
            self.require_active(self.maker.address)

        self.serial += 1
        serial = b32(f"S{self.serial}")
        tx = self.attempt(check, lambda: self.parts.registerPart(b32("PN-S"), serial, REASON, {"from": self.maker}))
        if tx is not None:
            self.model[tx.return_value] = PartModel(self.maker.address)

    def rule_transfer(self, st_part, st_actor, st_to, st_flag):
        pid = self.pick(st_part)
        sender = self.owner(pid)
        operator = sender if st_flag else self.actor(st_actor).address
        receiver = self.actor(st_to).address

        def check():
            p = self.model[pid]
            if p.parent is not None:  # only moves with its assembly
                raise Refused("PartInstalled", partId=pid, parentId=p.parent)
            if p.holder != sender:
                raise Refused("IncorrectOwner", partId=pid, **{"from": sender})
            self.transfer_rules(operator, sender, receiver, pid)
            if operator != sender:
                raise Refused("NotOwnerNorApproved")

        if self.attempt(check, lambda: self.parts.transferFrom(sender, receiver, pid, {"from": operator})):
            self.moved(pid, receiver)

    def rule_offer(self, st_part, st_actor, st_to, st_flag):
        pid = self.pick(st_part)
        operator = self.owner(pid) if st_flag else self.actor(st_actor).address
        recipient = self.actor(st_to).address

        def check():
            p = self.model[pid]
            self.owner_may_act(pid, operator)
            if recipient == p.holder:
                raise Refused("InvalidReceiver", receiver=recipient)
            self.transfer_rules(operator, p.holder, recipient, pid)  # an offer must be acceptable now

        if self.attempt(check, lambda: self.parts.offerPart(pid, recipient, 0, {"from": operator})):
            self.model[pid].offer = recipient

    def rule_accept(self, st_part, st_actor, st_flag):
        pid = self.pick(st_part, prefer=lambda i: self.model[i].offer is not None)
        p = self.model[pid]
        taker = (p.offer if st_flag and p.offer else self.actor(st_actor).address)

        def check():
            if p.offer is None:
                raise Refused("NoOpenOffer", partId=pid)
            if taker != p.offer:
                raise Refused("NotOfferRecipient", partId=pid, account=taker)
            self.transfer_rules(p.holder, p.holder, taker, pid)  # the owner offered; the taker receives

        if self.attempt(check, lambda: self.parts.acceptPart(pid, {"from": taker})):
            self.moved(pid, taker)

    def rule_cancel(self, st_part, st_actor, st_flag):
        pid = self.pick(st_part, prefer=lambda i: self.model[i].offer is not None)
        p = self.model[pid]
        operator = self.owner(pid) if st_flag else self.actor(st_actor).address

        def check():
            self.require_active(operator)
            if p.offer is None:
                raise Refused("NoOpenOffer", partId=pid)
            if operator != p.holder:
                raise Refused("NotPartOwner", partId=pid, account=operator)

        if self.attempt(check, lambda: self.parts.cancelOffer(pid, {"from": operator})):
            p.offer = None

    def rule_signed_transfer(self, st_part, st_actor, st_to, st_mode):
        """mode 0: the owner's order; 1: signed with another trader's key; 2: a future nonce."""
        pid = self.pick(st_part, prefer=lambda i: self.owner(i) in self.keys)
        p = self.model[pid]
        owner = self.owner(pid)
        relayer = self.actor(st_actor).address
        receiver = self.actor(st_to).address
        signers = [a for a in self.keys if a != owner] if st_mode == 1 or owner not in self.keys else [owner]
        signer = signers[0]
        nonce = self.nonces.get(owner, 0) + (1 if st_mode == 2 else 0)
        deadline = chain.time() + 3_600
        signature = sign_transfer(self.keys[signer], self.domain, part_id=pid, to=receiver, nonce=nonce,
                                  deadline=deadline)

        def check():
            if signer != p.holder:  # forged, or installed (the registry holds it and cannot sign)
                raise Refused("InvalidSignature", partId=pid, owner=p.holder)
            if nonce != self.nonces[p.holder]:
                raise Refused("InvalidAccountNonce", account=p.holder, currentNonce=self.nonces[p.holder])
            self.transfer_rules(relayer, p.holder, receiver, pid, relayer=True)

        send = lambda: self.parts.transferBySignature(pid, receiver, nonce, deadline, signature, {"from": relayer})  # noqa: E731
        if self.attempt(check, send):
            self.nonces[p.holder] += 1
            self.moved(pid, receiver)

    def rule_retire(self, st_part, st_actor, st_flag):
        pid = self.pick(st_part)
        p = self.model[pid]
        operator = self.owner(pid) if st_flag else self.actor(st_actor).address

        def check():
            self.require_active(operator)
            if p.retired:
                raise Refused("PartRetired", partId=pid)
            if self.suspect(pid):  # no retiring out of a recall or a freeze
                raise Refused("PartSuspect", partId=pid)
            if p.frozen:
                raise Refused("PartFrozen", partId=pid)
            if p.parent is not None:
                raise Refused("PartInstalled", partId=pid, parentId=p.parent)
            if operator != p.holder:
                raise Refused("NotPartOwner", partId=pid, account=operator)
            if self.height(pid) != 0:  # an assembly is taken apart before it is retired
                raise Refused("AssemblyNotEmpty", partId=pid)

        if self.attempt(check, lambda: self.parts.retirePart(pid, REASON, {"from": operator})):
            p.retired, p.offer = True, None

    # ------------------------------------------------------------ rules: assembly

    def rule_install(self, st_part, st_other, st_actor, st_flag):
        child, parent = self.pick(st_part), self.pick(st_other)
        operator = self.owner(child) if st_flag else self.actor(st_actor).address
        c = self.model[child]

        def serviceable(pid):
            q = self.model[pid]
            if q.retired:
                raise Refused("PartRetired", partId=pid)
            if self.suspect(pid):
                raise Refused("PartSuspect", partId=pid)
            if q.frozen:
                raise Refused("PartFrozen", partId=pid)

        def check():
            self.require_active(operator)
            if c.parent is not None:
                raise Refused("PartInstalled", partId=child, parentId=c.parent)
            serviceable(child)
            if operator != c.holder:
                raise Refused("NotPartOwner", partId=child, account=operator)
            node, depth = parent, 0
            while True:  # the parent and everything above it: no loop, all in service
                if node == child:
                    raise Refused("AssemblyCycle", childId=child, parentId=parent)
                serviceable(node)
                if self.model[node].parent is None:
                    break
                node, depth = self.model[node].parent, depth + 1
            if operator != self.model[node].holder:
                raise Refused("NotPartOwner", partId=parent, account=operator)
            if depth + 1 + self.height(child) > MAX_DEPTH:
                raise Refused("AssemblyTooDeep", childId=child, parentId=parent,
                              depth=depth + 1 + self.height(child))

        if self.attempt(check, lambda: self.parts.installPart(child, parent, {"from": operator})):
            c.parent, c.holder, c.offer = parent, self.registry, None
            if child in self.pinned:
                self.pinned[child] = self.registry

    def rule_remove(self, st_part, st_actor, st_flag):
        pid = self.pick(st_part)
        p = self.model[pid]
        operator = self.owner(pid) if st_flag else self.actor(st_actor).address

        def check():
            self.require_active(operator)
            if p.parent is None:
                raise Refused("PartNotInstalled", partId=pid)
            if p.frozen:
                raise Refused("PartFrozen", partId=pid)
            node = p.parent
            while node is not None:  # nothing comes out of a frozen or suspect assembly
                if self.suspect(node):
                    raise Refused("PartSuspect", partId=node)
                if self.model[node].frozen:
                    raise Refused("PartFrozen", partId=node)
                node = self.model[node].parent
            if operator != self.owner(pid):
                raise Refused("NotPartOwner", partId=pid, account=operator)

        if self.attempt(check, lambda: self.parts.removePart(pid, {"from": operator})):
            p.holder, p.parent = self.owner(pid), None
            if pid in self.pinned:
                self.pinned[pid] = p.holder

    # ------------------------------------------------------------ rules: regulator powers

    def recaller(self, by_regulator):
        """The regulator, or the manufacturer of every part here (which must be active)."""
        if by_regulator:
            return self.regulator
        self.require_active(self.maker.address)
        return self.maker

    def rule_recall(self, st_part, st_flag):
        pid = self.pick(st_part)
        p = self.model[pid]
        by = self.regulator if st_flag else self.maker

        def check():
            self.recaller(st_flag)
            # recalled on its own already, with at least the caller's authority
            if p.suspect_flag and (not st_flag or p.regulator_recall):
                raise Refused("PartSuspect", partId=pid)

        if self.attempt(check, lambda: self.parts.recallPart(pid, REASON, {"from": by})):
            p.suspect_flag = True
            p.regulator_recall = p.regulator_recall or st_flag

    def rule_clear(self, st_part, st_flag):
        pid = self.pick(st_part)
        p = self.model[pid]
        by = self.regulator if st_flag else self.maker
        batch = self.batches.get(p.batch)

        def check():
            self.recaller(st_flag)
            if not self.suspect(pid):
                raise Refused("PartNotSuspect", partId=pid)
            if not st_flag and p.regulator_recall:
                raise Refused("RecallImposedByRegulator", partId=pid, account=by.address)
            if not st_flag and self.suspect_via_batch(pid) and batch["by_regulator"]:
                raise Refused("BatchRecallImposedByRegulator", batchId=p.batch, account=by.address)

        if self.attempt(check, lambda: self.parts.clearPart(pid, REASON, {"from": by})):
            p.suspect_flag = p.regulator_recall = False
            if batch and batch["recalled"]:
                p.clearance = batch["epoch"]

    def rule_recall_batch(self, st_flag, st_mode):
        batch_id = next(iter(self.batches))
        batch = self.batches[batch_id]
        by_regulator = st_mode != 0
        by = self.regulator if by_regulator else self.maker
        if st_flag:  # recall

            def check():
                self.recaller(by_regulator)
                if batch["recalled"] and (not by_regulator or batch["by_regulator"]):
                    raise Refused("BatchAlreadyRecalled", batchId=batch_id)

            if self.attempt(check, lambda: self.parts.recallBatch(self.maker, batch_id, REASON, {"from": by})):
                batch["recalled"], batch["epoch"], batch["by_regulator"] = True, batch["epoch"] + 1, by_regulator
        else:  # clear

            def check():
                self.recaller(by_regulator)
                if not batch["recalled"]:
                    raise Refused("BatchNotRecalled", batchId=batch_id)
                if not by_regulator and batch["by_regulator"]:
                    raise Refused("BatchRecallImposedByRegulator", batchId=batch_id, account=by.address)

            if self.attempt(check, lambda: self.parts.clearBatch(self.maker, batch_id, REASON, {"from": by})):
                batch["recalled"] = batch["by_regulator"] = False

    def rule_freeze(self, st_part, st_flag):
        pid = self.pick(st_part)
        p = self.model[pid]

        def check():
            if st_flag and p.frozen:
                raise Refused("PartFrozen", partId=pid)
            if not st_flag and not p.frozen:
                raise Refused("PartNotFrozen", partId=pid)

        send = self.parts.freezePart if st_flag else self.parts.unfreezePart
        if self.attempt(check, lambda: send(pid, REASON, {"from": self.regulator})):
            p.frozen = st_flag

    def rule_suspend(self, st_actor, st_flag):
        account = self.actor(st_actor).address
        if st_flag:  # suspend

            def check():
                if account not in self.registered:
                    raise Refused("ParticipantNotRegistered", account=account)
                if account in self.suspended:
                    raise Refused("ParticipantSuspended", account=account)

            tx = self.attempt(check, lambda: self.participants.suspend(account, REASON, {"from": self.regulator}))
            if tx:
                self.suspended.add(account)
                self.suspensions.setdefault(account, []).append([tx.block_number, None])
        else:  # reinstate

            def check():
                if account not in self.suspended:
                    raise Refused("ParticipantNotSuspended", account=account)

            tx = self.attempt(check, lambda: self.participants.reinstate(account, REASON, {"from": self.regulator}))
            if tx:
                self.suspended.discard(account)
                self.suspensions[account][-1][1] = tx.block_number

    # ------------------------------------------------------------ invariants

    def was_suspended(self, account, block):
        return any(start <= block and (end is None or block < end) for start, end in self.suspensions.get(account, []))

    def chain_view(self):
        """ownerOf, rootOwnerOf, parentOf of every part and balanceOf of everyone, read in one
        JSON-RPC batch of raw eth_calls once per step (web3's contract layer would take longer
        than the chain)."""
        if self._view is None or self._view[0] != self.step:
            ids = list(self.model)
            everyone = [a.address for a in self.actors] + [self.registry]
            calls = [(SELECTORS[fn], pid.to_bytes(32, "big")) for pid in ids
                     for fn in ("ownerOf", "rootOwnerOf", "parentOf")]
            calls += [(SELECTORS["balanceOf"], bytes(12) + bytes.fromhex(a[2:])) for a in everyone]
            requests = [("eth_call", [{"to": self.registry, "data": "0x" + (sel + arg).hex()}, "latest"])
                        for sel, arg in calls]
            words = [bytes.fromhex(r["result"][2:]) for r in self.w3.provider.make_batch_request(requests)]
            n = len(ids)
            address = lambda word: to_checksum_address(word[12:])  # noqa: E731
            self._view = (self.step, {
                "holder": {pid: address(w) for pid, w in zip(ids, words[0 : 3 * n : 3])},
                "root_owner": {pid: address(w) for pid, w in zip(ids, words[1 : 3 * n : 3])},
                "parent": {pid: int.from_bytes(w, "big") for pid, w in zip(ids, words[2 : 3 * n : 3])},
                "balances": [int.from_bytes(w, "big") for w in words[3 * n :]],
            })
        return self._view[1]

    def invariant_one_owner_each_as_the_rules_say(self):
        view = self.chain_view()
        assert view["holder"] == {pid: p.holder for pid, p in self.model.items()}
        assert view["parent"] == {pid: p.parent or 0 for pid, p in self.model.items()}
        assert sum(view["balances"]) == len(self.model)  # nobody else holds one

    def invariant_logs_agree_with_the_chain(self):
        root_owners = self.chain_view()["root_owner"]
        assert root_owners == {pid: self.owner(pid) for pid in self.model}
        assert self.reader.current_owners() == root_owners

    def invariant_pinned_parts_never_moved(self):
        self.refresh_pins()  # a part flagged by the last step is pinned where it stands now
        for pid, holder in self.pinned.items():
            p = self.model[pid]
            assert p.frozen or p.retired or self.suspect(pid) or self.flagged_above(pid)
            assert self.chain_view()["holder"][pid] == holder, f"flagged part {pid:#x} moved"
        for pid, p in self.model.items():
            if p.parent is not None:
                assert self.chain_view()["holder"][pid] == self.registry

    def invariant_suspended_never_received_a_part(self):
        for pid in self.model:
            for ownership in self.reader.history(pid, sync=False).owners:
                receiver = ownership.effective_owner
                assert receiver != self.outsider.address
                assert not self.was_suspended(receiver, ownership.at.block), (
                    f"{receiver} received {pid:#x} in block {ownership.at.block} while suspended"
                )
                if ownership.via in ("transfer", "handover", "signed transfer"):
                    assert ownership.installed_in is None


def test_random_operations_keep_every_rule(suite, admin, regulator, maker, airline, broker, mro, outsider):
    OUTCOMES.clear()
    # Derandomized: hypothesis' example lengths vary so much run to run (30 s to 2 min) that a
    # fixed seed is what keeps this test near 45 s on Anvil (about 800 steps in 50 examples).
    # PARTLEDGER_STATEFUL_EXAMPLES=200 PARTLEDGER_STATEFUL_SEED=random explores further.
    random_seed = os.environ.get("PARTLEDGER_STATEFUL_SEED") == "random"
    brownie_stateful.state_machine(
        StateMachine, suite, admin, regulator, maker, airline, broker, mro, outsider,
        settings={
            "max_examples": int(os.environ.get("PARTLEDGER_STATEFUL_EXAMPLES", 30)),
            "stateful_step_count": 30,
            "derandomize": not random_seed,
        },
    )
    for (rule, outcome), count in sorted(OUTCOMES.items()):
        print(f"{rule:24} {outcome:28} {count}")
    # the machine really ran: steps both went through and were refused
    assert sum(n for (_, outcome), n in OUTCOMES.items() if outcome == "ok") > 0
    assert sum(n for (_, outcome), n in OUTCOMES.items() if outcome != "ok") > 0
