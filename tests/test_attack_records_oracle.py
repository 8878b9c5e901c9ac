"""Attack: the admin alone switches life limits off for every part. connectRecords may replace the
connected PartRecords (issue 6, item 8), and checks only that the new contract answers parts()
and participants() with this suite: a fresh PartRecords of the same suite passes, carries no
usage and no limits, and a part past its life limit goes into an assembly again. Separation of
duties says the admin decides who takes part; airworthiness is the regulators' (the life limit,
the manufacturer's). Fixed: replacing the records takes two authorities."""

import brownie
from brownie import PartRecords

from helpers import err, register_part

def test_the_admin_alone_cannot_put_a_worn_out_part_back_in_service_by_replacing_the_records(
    parts, participants, records, admin, maker
):
    engine, blade = register_part(parts, maker, "E-LL", "PN-ENG"), register_part(parts, maker, "B-LL", "PN-BLD")
    records.setLifeLimit(blade, 5, 0, {"from": maker})
    records.recordUsage(blade, 5, 0, {"from": maker})
    with brownie.reverts(err("LifeLimitExceeded", blade, 5, 5, 0, 0)):
        parts.installPart(blade, engine, {"from": maker})
    blank = PartRecords.deploy(participants, parts, {"from": admin})  # same suite, no history
    tx = parts.connectRecords(blank, {"from": admin})  # a proposal: a second authority must confirm
    assert "RecordsConnected" not in tx.events and parts.records() != blank
    with brownie.reverts(err("LifeLimitExceeded", blade, 5, 5, 0, 0)):
        parts.installPart(blade, engine, {"from": maker})
    assert parts.parentOf(blade) == 0
