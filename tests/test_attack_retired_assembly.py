"""Attack: the owner of an assembly with a frozen or regulator-recalled part inside retires the
assembly (itself in service, so retirePart lets it). Retired parts never move and installed parts
move only with their root, so from then on no forced transfer reaches the flagged part: retiring
the part itself is refused for exactly this reason (issue 6, item 3), retiring the assembly
around it did the same. Fixed: an assembly is retired only once taken apart (AssemblyNotEmpty)."""

import brownie
import pytest
from brownie import web3

from helpers import err, register_part

REASON = web3.keccak(text="court order 2026-117")

def flag(parts, regulator, pid, status):
    if status == "frozen":
        parts.freezePart(pid, REASON, {"from": regulator})
    else:
        parts.recallPart(pid, REASON, {"from": regulator})


@pytest.mark.parametrize("status", ["frozen", "recalled"])
def test_retiring_the_assembly_around_a_flagged_part_does_not_shelter_it_from_a_forced_transfer(
    parts, maker, regulator, enforcer, broker, status
):
    engine, blade = register_part(parts, maker, "E-RA", "PN-ENG"), register_part(parts, maker, "B-RA", "PN-BLD")
    parts.installPart(blade, engine, {"from": maker})
    flag(parts, regulator, blade, status)
    error = "PartFrozen" if status == "frozen" else "PartSuspect"
    with brownie.reverts(err(error, blade)):  # the part itself cannot be retired (the rule this attack goes around)
        parts.retirePart(blade, REASON, {"from": maker})
    # The owner tries the assembly instead: an assembly is retired only once taken apart.
    with brownie.reverts(err("AssemblyNotEmpty", engine)):
        parts.retirePart(engine, REASON, {"from": maker})
    # The court's receiver must still get the flagged part (with its assembly).
    parts.forcedTransfer(engine, broker, REASON, {"from": enforcer})
    assert parts.rootOwnerOf(blade) == broker
