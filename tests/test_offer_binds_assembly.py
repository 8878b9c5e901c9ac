"""An open handover offer binds what is installed in the assembly: the seller cannot take parts
out of an offered assembly (nor front-run acceptPart by doing so), so the buyer who accepts gets
the assembly as offered. The owner withdraws the offer first (cancel), or the recipient declines."""

import brownie
import pytest
from brownie import chain

from helpers import HOUR, err, latest_timestamp, register_part


@pytest.fixture(scope="module")
def engine(parts, maker):
    """An engine with a fan module in it and a blade in the module, owned by the maker."""
    engine = register_part(parts, maker, "ENG-OFFER", "PN-ENGINE")
    module = register_part(parts, maker, "MOD-OFFER", "PN-MODULE")
    blade = register_part(parts, maker, "BLD-OFFER", "PN-BLADE")
    parts.installPart(blade, module, {"from": maker})
    parts.installPart(module, engine, {"from": maker})
    return engine, module, blade


def assert_assembled(parts, engine, owner):
    engine, module, blade = engine
    assert (parts.parentOf(module), parts.parentOf(blade)) == (engine, module)
    assert parts.ownerOf(module) == parts.ownerOf(blade) == parts.address
    assert parts.ownerOf(engine) == parts.rootOwnerOf(module) == parts.rootOwnerOf(blade) == owner


def test_nothing_comes_out_of_an_offered_assembly_and_the_buyer_gets_it_whole(parts, maker, airline, engine):
    root, module, blade = engine
    parts.offerPart(root, airline, 0, {"from": maker})
    for child in (module, blade):  # a child of the root and a part deeper down
        with brownie.reverts(err("AssemblyOffered", root, airline)):
            parts.removePart(child, {"from": maker})
    assert_assembled(parts, engine, maker)
    assert parts.balanceOf(maker) == 1  # the engine; nothing came back to the seller
    parts.acceptPart(root, {"from": airline})
    assert_assembled(parts, engine, airline)
    assert parts.balanceOf(maker) == 0 and parts.balanceOf(airline) == 1
    parts.removePart(blade, {"from": airline})  # the buyer takes it apart as it likes
    assert parts.ownerOf(blade) == airline


def test_an_offer_made_by_an_approved_account_binds_the_assembly_too(parts, maker, airline, broker, engine):
    root, module, _ = engine
    parts.approve(broker, root, {"from": maker})
    parts.offerPart(root, airline, 0, {"from": broker})
    with brownie.reverts(err("AssemblyOffered", root, airline)):
        parts.removePart(module, {"from": maker})
    assert_assembled(parts, engine, maker)


def test_an_expired_offer_binds_until_the_owner_cancels_it(parts, maker, airline, engine):
    root, module, _ = engine
    expiry = latest_timestamp() + HOUR
    parts.offerPart(root, airline, expiry, {"from": maker})
    chain.sleep(2 * HOUR)
    chain.mine()
    with brownie.reverts(err("AssemblyOffered", root, airline)):
        parts.removePart(module, {"from": maker})
    parts.cancelOffer(root, {"from": maker})
    parts.removePart(module, {"from": maker})
    assert parts.ownerOf(module) == maker and parts.parentOf(module) == 0


def test_once_the_owner_cancels_it_takes_parts_out_and_the_buyer_can_no_longer_accept(parts, maker, airline, engine):
    root, module, blade = engine
    parts.offerPart(root, airline, 0, {"from": maker})
    parts.cancelOffer(root, {"from": maker})
    parts.removePart(module, {"from": maker})
    assert parts.ownerOf(module) == maker and parts.parentOf(blade) == module
    with brownie.reverts(err("NoOpenOffer", root)):
        parts.acceptPart(root, {"from": airline})
    assert parts.ownerOf(root) == maker


def test_once_the_recipient_declines_the_owner_takes_parts_out(parts, maker, airline, engine):
    root, module, _ = engine
    parts.offerPart(root, airline, 0, {"from": maker})
    parts.declinePart(root, {"from": airline})
    parts.removePart(module, {"from": maker})
    assert parts.ownerOf(module) == maker
