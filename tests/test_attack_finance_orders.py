"""Red team, issue 7: attacks on the purchase orders (contracts/finance/PurchaseOrders.sol).

Each test asserts the secure behaviour, so each FAILS while the attack works. What each attack
does and why it works is in the test's docstring. One suite per module; every test starts from
the same snapshot (conftest's isolation)."""

import brownie
import pytest
from brownie import ZERO_ADDRESS, chain

from helpers import (
    ARBITER_ROLE,
    FINANCIER_ROLE,
    SB,
    OrderTerms,
    err,
    latest_timestamp,
    new_key_account,
    onboard,
    register_part,
)

USD = 10**6
DAY = 24 * 3600
PRICE = 900 * USD  # three parts: 300 USD each
DOC = b"\x22" * 32  # a dispute's document hash


@pytest.fixture(scope="module")
def arbiter(participants, admin):
    account = new_key_account("finance/arbiter", funder=admin)
    onboard(participants, admin, arbiter=account)
    return account


@pytest.fixture(scope="module")
def kit(suite, maker, maker2, arbiter):
    """(orders, parts, usd, oem = the buyer, tier1 = the seller, arbiter)."""
    return suite.orders, suite.parts, suite.stablecoin, maker, maker2, arbiter


def _parts(parts, seller, prefix, count):
    return [register_part(parts, seller, f"{prefix}-{i}", "PN-RED") for i in range(count)]


def _open(orders, usd, buyer, seller, arbiter, pids, price=PRICE, deadline=None):
    """A prepaid order, funded; returns its id."""
    usd.mint(buyer, price, {"from": buyer})
    usd.approve(orders, price, {"from": buyer})
    deadline = deadline or latest_timestamp() + DAY
    tx = orders.openOrder(seller, pids, usd, price, deadline, OrderTerms.Prepaid, 0, arbiter, {"from": buyer})
    return tx.return_value


def test_a_dispute_the_arbiter_never_rules_does_not_lock_escrow_and_parts_forever(kit):
    """Disputed is a dead end: only the named arbiter can leave it (`rule`), `refundExpired`
    refuses a disputed order, and nobody can replace the arbiter. An arbiter that lost its key,
    closed, or is held hostage by one party leaves the buyer's escrow in the contract and the
    seller's parts encumbered forever (and keeps `encumberedCount` above zero, so the registry's
    financing contract can never be replaced). Expected: a way out after a ruling window, e.g.
    `refundExpired` once the deadline is long past."""
    orders, parts, usd, oem, tier1, arbiter = kit
    pids = _parts(parts, tier1, "HOSTAGE", 1)
    oid = _open(orders, usd, oem, tier1, arbiter, pids)
    orders.acceptOrder(oid, {"from": tier1})
    orders.raiseDispute(oid, DOC, {"from": oem})  # either party can do this, at any time before completion
    chain.sleep(400 * DAY)  # the arbiter never rules
    chain.mine()
    orders.refundExpired(oid, {"from": oem})  # was: OrderNotRefundable(oid, Disputed)
    assert usd.balanceOf(oem) == PRICE and usd.balanceOf(orders) == 0
    assert parts.encumbranceOf(pids[0]) == ZERO_ADDRESS and parts.encumberedCount() == 0
    assert parts.ownerOf(pids[0]) == tier1 and orders.openOrderOf(pids[0]) == 0


def test_the_orders_arbiter_cannot_become_its_payee(kit, participants, admin):
    """ARBITER_ROLE and FINANCIER_ROLE do not conflict (Roles.conflict), and offerAssignment /
    takeAssignment refuse only the buyer and the payee as financier, not the order's arbiter. So
    the arbiter can buy the seller's payment and then judge its own case: after the buyer
    disputes, `rule(order, 0)` credits the whole escrow to the arbiter. Expected: the arbiter of
    an order can never be its payee."""
    orders, parts, usd, oem, tier1, _ = kit
    judge = new_key_account("red/judge-banker", funder=admin)
    participants.onboard(judge, "Judge and Bank", "JB-1", [ARBITER_ROLE, FINANCIER_ROLE], {"from": admin})
    pids = _parts(parts, tier1, "JUDGE", 3)
    oid = _open(orders, usd, oem, tier1, judge, pids)
    orders.acceptOrder(oid, {"from": tier1})
    advance = 100 * USD
    usd.mint(judge, advance, {"from": judge})
    usd.approve(orders, advance, {"from": judge})
    with brownie.reverts(err("InvalidFinancier", oid, judge)):
        orders.offerAssignment(oid, judge, advance, orders.order(oid)["deadline"], {"from": tier1})
    orders.raiseDispute(oid, DOC, {"from": oem})
    orders.rule(oid, 0, {"from": judge})  # the judge rules the whole escrow to the payee
    assert orders.owed(usd, judge) == 0  # today: 900 USD, for a 100 USD advance


def test_a_financier_pays_its_advance_only_for_the_claim_it_was_offered(kit, financier):
    """takeAssignment checks the advance against the offer but not what the offer was for: the
    offer names no escrow. The seller offers its 900 USD claim for an 850 USD advance, then
    (front-running the financier's take, or simply before it) delivers two of the three parts
    and is paid 600 USD; the financier's take still passes and pays 850 USD for a 300 USD claim.
    Expected: the take reverts when the escrow behind the offer shrank."""
    orders, parts, usd, oem, tier1, arbiter = kit
    pids = _parts(parts, tier1, "ADVANCE", 3)
    oid = _open(orders, usd, oem, tier1, arbiter, pids)
    orders.acceptOrder(oid, {"from": tier1})
    advance = 850 * USD
    orders.offerAssignment(oid, financier, advance, orders.order(oid)["deadline"], {"from": tier1})
    usd.mint(financier, advance, {"from": financier})
    usd.approve(orders, advance, {"from": financier})
    orders.deliver(oid, pids[:2], {"from": tier1})  # the seller cashes 600 USD first
    assert orders.escrowed(oid) == 300 * USD
    with brownie.reverts(err("ClaimChanged", oid, PRICE, 300 * USD)):
        orders.takeAssignment(oid, advance, PRICE, {"from": financier})  # was: 850 USD for a 300 USD claim


def test_an_unaccepted_order_does_not_stop_the_part_being_ordered_by_someone_else(kit, broker):
    """`_open` books each part in `_openLines` at opening, before the seller agreed to anything,
    and refuses any other order for it (PartInOpenOrder). Any participant squats a seller's parts
    with a 1-unit order (the price floor is one unit per part; prepaid deadlines have no upper
    bound): every genuine buyer is refused until the seller declines, and the squatter opens a new
    one after each decline. Expected: only an accepted (encumbered) order excludes others."""
    orders, parts, usd, oem, tier1, arbiter = kit
    pids = _parts(parts, tier1, "SQUAT", 1)
    with brownie.reverts(revert_pattern=r"DeadlineTooFar: \d+, \d+"):  # deadlines are bounded now
        _open(orders, usd, broker, tier1, arbiter, pids, price=1, deadline=latest_timestamp() + 3650 * DAY)
    squat = _open(orders, usd, broker, tier1, arbiter, pids, price=1, deadline=latest_timestamp() + 365 * DAY)
    genuine = _open(orders, usd, oem, tier1, arbiter, pids)  # was: PartInOpenOrder(part, squatter's order)
    orders.acceptOrder(genuine, {"from": tier1})  # acceptance is what holds the part
    with brownie.reverts(err("PartInAcceptedOrder", pids[0], genuine)):
        orders.acceptOrder(squat, {"from": tier1})


def test_a_stale_order_does_not_follow_a_part_to_its_next_owner(kit, broker, airline):
    """An open order stays booked on its parts when the seller sells them elsewhere (an open order
    does not encumber). The new owner can never have the part ordered: only the old seller
    (declineOrder) or the squatting buyer (cancelOrder) can free it, or anyone after a deadline
    that may be years away. Expected: the new owner's part can be ordered."""
    orders, parts, usd, oem, tier1, arbiter = kit
    pids = _parts(parts, tier1, "STALE", 1)
    stale = _open(orders, usd, broker, tier1, arbiter, pids, price=1, deadline=latest_timestamp() + 365 * DAY)
    parts.transferFrom(tier1, airline, pids[0], {"from": tier1})  # sold outside the orders
    fresh = _open(orders, usd, oem, airline, arbiter, pids)  # was: PartInOpenOrder
    with brownie.reverts(err("IncorrectOwner", pids[0], tier1, airline)):
        orders.acceptOrder(stale, {"from": tier1})  # the old seller cannot sell it any more
    orders.acceptOrder(fresh, {"from": airline})
    assert orders.openOrderOf(pids[0]) == fresh and parts.encumbranceOf(pids[0]) == oem


def test_a_suspended_payee_cannot_withdraw(kit, participants, airline, regulator):
    """FinanceBase.withdraw checks only the pause: an account a regulator suspended (or the admin
    offboarded) still takes out every payment credited to it (deliveries by a deliverer, rulings,
    refunds). Receivables.redeem is closed to a suspended holder; the orders' money is not.
    Expected: withdraw requires an active participant, as redeem does."""
    orders, parts, usd, oem, tier1, arbiter = kit
    pids = _parts(parts, tier1, "SUSP", 1)
    oid = _open(orders, usd, oem, tier1, arbiter, pids)
    orders.acceptOrder(oid, {"from": tier1})
    orders.authoriseDeliverer(oid, airline, True, {"from": tier1})
    orders.deliver(oid, pids, {"from": airline})  # the payee (the seller) is credited
    assert orders.owed(usd, tier1) == PRICE
    participants.suspend(tier1, SB, {"from": regulator})
    with brownie.reverts(err("ParticipantSuspended", tier1)):
        orders.withdraw(usd, {"from": tier1})  # today: the suspended seller takes 900 USD



def test_a_part_forced_to_the_buyer_is_not_also_refunded(kit, enforcer):
    """dropPart lets the buyer drop any line whose part is no longer promised to it (a forced
    transfer lifts the encumbrance) and refunds its share, without asking where the part went. An
    enforcer moving the encumbered part to the buyer itself (a court ordering the delivery the
    seller refused) leaves the buyer with the part and, one call later, its money back: the parts
    moved, the money did not. Expected: a line whose part reached the buyer is not refunded."""
    orders, parts, usd, oem, tier1, arbiter = kit
    pids = _parts(parts, tier1, "FORCED", 1)
    oid = _open(orders, usd, oem, tier1, arbiter, pids)
    orders.acceptOrder(oid, {"from": tier1})
    parts.forcedTransfer(pids[0], oem, SB, {"from": enforcer})
    with brownie.reverts(err("PartWithBuyer", oid, pids[0])):
        orders.dropPart(oid, pids[0], {"from": oem})  # was: the refund of PRICE
    assert parts.ownerOf(pids[0]) == oem
    assert usd.balanceOf(oem) == 0
    orders.confirmReceipt(oid, pids, {"from": oem})  # settled as delivered, without a move
    assert orders.owed(usd, tier1) == PRICE and orders.escrowed(oid) == 0
