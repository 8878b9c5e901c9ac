"""A receivable is backed by whole parts: a part installed in an assembly backs no claim of its
own (its assembly's root does), and nothing comes out of an assembly that backs an open
receivable, or sits in one that does, until that receivable is paid. So no part's value backs two
receivables by being taken out of a financed assembly. Each test checks who holds what."""

import brownie
import pytest
from brownie import web3
from web3 import Web3

from helpers import OrderTerms, err, register_part
from orders_kit import open_order
from partledger import exceptions
from partledger.decoding import readable_errors
from recv_kit import *  # noqa: F401,F403 (fixtures)
from recv_kit import USD, invoice, maturity

FACE = 1_000 * USD


@pytest.fixture
def engine(parts, tier1, oem):
    """The OEM's engine holding a blade, both made by tier 1: (engine, blade)."""
    engine, blade = (register_part(parts, tier1, f"FIN-ASSY-{name}-{brownie.chain.height}", "PN-ASSY")
                     for name in ("E", "B"))
    parts.installPart(blade, engine, {"from": tier1})
    parts.transferFrom(tier1, oem, engine, {"from": tier1})
    return engine, blade


@pytest.fixture(scope="module")
def w3():
    """A plain web3.py client on the same node: what an integrator has."""
    return Web3(Web3.HTTPProvider(web3.provider.endpoint_uri))


def _financed(receivables, usd, creditor, debtor, part_ids):
    tx = receivables.issue(debtor, usd, FACE, maturity(), invoice(), part_ids, {"from": creditor})
    receivables.confirm(tx.return_value, {"from": debtor})
    return tx.return_value


def _pay(receivables, usd, debtor, receivable_id):
    usd.mint(debtor, FACE, {"from": debtor})
    usd.approve(receivables, FACE, {"from": debtor})
    receivables.pay(receivable_id, FACE, {"from": debtor})


def test_a_part_inside_an_assembly_backs_no_claim_of_its_own(receivables, usd, tier1, oem, credit, engine):
    _, blade = engine
    count = receivables.receivableCount()
    with brownie.reverts(err("PartInAssembly", blade)):
        receivables.issue(oem, usd, FACE, maturity(), invoice(), [blade], {"from": tier1})
    assert receivables.receivableCount() == count and receivables.openReceivableOf(blade) == 0


def test_nothing_comes_out_of_a_financed_assembly_until_it_is_paid(receivables, parts, usd, tier1, oem, credit,
                                                                    engine):
    root, blade = engine
    receivable_id = _financed(receivables, usd, tier1, oem, [root])
    with brownie.reverts(err("PartAlreadyFinanced", root, receivable_id)):
        parts.removePart(blade, {"from": oem})
    assert parts.parentOf(blade) == root and parts.rootOwnerOf(blade) == oem

    _pay(receivables, usd, oem, receivable_id)
    assert receivables.openReceivableOf(root) == 0
    parts.removePart(blade, {"from": oem})
    assert parts.ownerOf(blade) == oem and parts.parentOf(blade) == 0


def test_the_sdk_names_the_financed_assembly_when_a_removal_is_refused(w3, receivables, parts, usd, tier1, oem,
                                                                        credit, engine):
    root, blade = engine
    receivable_id = _financed(receivables, usd, tier1, oem, [root])
    with pytest.raises(exceptions.PartAlreadyFinanced) as info:
        with readable_errors():
            w3.eth.contract(address=parts.address, abi=parts.abi).functions.removePart(blade).transact(
                {"from": oem.address}
            )
    assert info.value.args == {"partId": root, "receivableId": receivable_id}
    assert parts.parentOf(blade) == root  # nothing moved


def test_an_assembly_bought_on_credit_keeps_its_content_until_the_buyer_pays(orders, receivables, parts, usd,
                                                                               tier1, oem, arbiter, credit):
    """The engine delivered on credit backs the seller's receivable on the buyer: the buyer may
    build it into a larger part, but takes nothing out of it before it pays."""
    engine, blade = (register_part(parts, tier1, f"FIN-CREDIT-{name}-{brownie.chain.height}", "PN-ASSY")
                     for name in ("E", "B"))
    parts.installPart(blade, engine, {"from": tier1})
    deadline_days = 10
    order_id, _ = open_order(orders, usd, oem, tier1, arbiter, [engine], price=FACE, terms=OrderTerms.Credit,
                             maturity=maturity(deadline_days + 30))
    orders.acceptOrder(order_id, {"from": tier1})
    tx = orders.deliver(order_id, [engine], {"from": tier1})
    receivable_id = tx.events["ShipmentInvoiced"]["receivableId"]
    assert receivables.openReceivableOf(engine) == receivable_id and parts.ownerOf(engine) == oem
    assert receivables.balanceOf(tier1, receivable_id) == FACE
    with brownie.reverts(err("PartAlreadyFinanced", engine, receivable_id)):
        parts.removePart(blade, {"from": oem})
    _pay(receivables, usd, oem, receivable_id)
    parts.removePart(blade, {"from": oem})
    assert parts.ownerOf(blade) == oem
    receivables.redeem(receivable_id, {"from": tier1})
    assert usd.balanceOf(tier1) == FACE  # the seller was paid in full


def test_a_recalled_part_comes_out_and_a_buyer_of_the_assembly_is_not_bound(receivables, parts, usd, tier1, tier2,
                                                                           oem, credit, engine):
    """A recall is carried out in a financed assembly; sold on, the assembly is its new owner's
    to take apart, while the debtor's receivable stays open and names it."""
    root, blade = engine
    spare = register_part(parts, tier1, f"FIN-SPARE-{brownie.chain.height}", "PN-ASSY")
    parts.transferFrom(tier1, oem, spare, {"from": tier1})
    parts.installPart(spare, root, {"from": oem})
    receivable_id = _financed(receivables, usd, tier1, oem, [root])
    parts.recallPart(blade, web3.keccak(text="crack"), {"from": tier1})
    parts.removePart(blade, {"from": oem})
    assert parts.ownerOf(blade) == oem
    with brownie.reverts(err("PartAlreadyFinanced", root, receivable_id)):
        parts.removePart(spare, {"from": oem})

    parts.transferFrom(oem, tier2, root, {"from": oem})
    parts.removePart(spare, {"from": tier2})
    assert parts.ownerOf(spare) == tier2 and parts.ownerOf(root) == tier2
    assert receivables.openReceivableOf(root) == receivable_id
    assert receivables.receivable(receivable_id)["debtor"] == oem
