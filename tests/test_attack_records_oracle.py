"""Attack: the admin alone swaps the life-limit oracle. connectRecords accepts any PartRecords
of this suite, a freshly deployed one included, which knows no life limit and no usage: from
the next block a worn-out part goes back into an engine. Which life limits the registry
enforces is a safety rule (a regulator's matter: recalls, freezes), yet one admin key changes it
at once; the regulators' only answer (suspend the admin, replace it after the handover delay,
reconnect) comes after the fact."""

import contextlib

import brownie
import pytest
from brownie import PartRecords

from helpers import err, register_part


@pytest.mark.xfail(strict=True, reason="design: replacing the connected records should take two "
                   "authorities (admin proposes, a regulator confirms) or a regulator; PartRegistry has "
                   "~600 bytes left and ParticipantRegistry's proposals are internal (see report)")
def test_the_admin_alone_cannot_reconnect_the_registry_to_records_that_forgot_every_life_limit(
    participants, parts, records, admin, maker
):
    engine, blade = register_part(parts, maker, "E-9", "PN-ENG"), register_part(parts, maker, "B-9", "PN-BLADE")
    records.setLifeLimit(blade, 10, 0, {"from": maker})
    records.recordUsage(blade, 10, 0, {"from": maker})
    amnesiac = PartRecords.deploy(participants, parts, {"from": admin})
    with contextlib.suppress(brownie.exceptions.VirtualMachineError):  # refused outright: also a pass
        parts.connectRecords(amnesiac, {"from": admin})
    assert parts.records() == records
    with brownie.reverts(err("LifeLimitExceeded", blade, 10, 10, 0, 0)):
        parts.installPart(blade, engine, {"from": maker})
