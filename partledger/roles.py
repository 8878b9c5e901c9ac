"""The suite's AccessControl role ids, as ParticipantRegistry defines them (contracts/libraries/Roles.sol).

>>> ADMIN_ROLE == bytes(32)
True
>>> ROLE_NAMES[MANUFACTURER_ROLE]
'manufacturer'
"""

from __future__ import annotations

from eth_utils import keccak

ADMIN_ROLE = bytes(32)  # OpenZeppelin's DEFAULT_ADMIN_ROLE
MANUFACTURER_ROLE = keccak(text="MANUFACTURER_ROLE")
REPAIR_STATION_ROLE = keccak(text="REPAIR_STATION_ROLE")
FINANCIER_ROLE = keccak(text="FINANCIER_ROLE")
REGULATOR_ROLE = keccak(text="REGULATOR_ROLE")
ENFORCER_ROLE = keccak(text="ENFORCER_ROLE")
ARBITER_ROLE = keccak(text="ARBITER_ROLE")

ROLE_NAMES = {
    ADMIN_ROLE: "admin",
    MANUFACTURER_ROLE: "manufacturer",
    REPAIR_STATION_ROLE: "repair station",
    FINANCIER_ROLE: "financier",
    REGULATOR_ROLE: "regulator",
    ENFORCER_ROLE: "enforcer",
    ARBITER_ROLE: "arbiter",
}
