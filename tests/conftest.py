"""Shared fixtures: one suite deployed per module, every test isolated by a chain snapshot."""

import pytest
from brownie import OZReferenceERC721, accounts, web3

from scripts.deploy import deploy_suite

MANUFACTURER_ROLE = web3.keccak(text="MANUFACTURER_ROLE")
REPAIR_STATION_ROLE = web3.keccak(text="REPAIR_STATION_ROLE")
FINANCIER_ROLE = web3.keccak(text="FINANCIER_ROLE")
REGULATOR_ROLE = web3.keccak(text="REGULATOR_ROLE")
ENFORCER_ROLE = web3.keccak(text="ENFORCER_ROLE")
ADMIN_ROLE = b"\x00" * 32


def b32(text: str) -> bytes:
    """A short identifier (part number, serial, lot number) as bytes32, left-aligned."""
    raw = text.encode()
    assert 0 < len(raw) <= 32, text
    return raw.ljust(32, b"\x00")


@pytest.fixture(autouse=True)
def isolation(fn_isolation):
    pass


@pytest.fixture(scope="module")
def admin():
    return accounts[0]


@pytest.fixture(scope="module")
def regulator():
    return accounts[1]


@pytest.fixture(scope="module")
def maker():
    """An accredited manufacturer (engine maker)."""
    return accounts[2]


@pytest.fixture(scope="module")
def maker2():
    """A second manufacturer (a blade supplier)."""
    return accounts[3]


@pytest.fixture(scope="module")
def airline():
    """A plain registered participant: operator of the aircraft."""
    return accounts[4]


@pytest.fixture(scope="module")
def mro():
    """A repair station (MRO)."""
    return accounts[5]


@pytest.fixture(scope="module")
def broker():
    """A plain registered participant: parts broker."""
    return accounts[6]


@pytest.fixture(scope="module")
def financier():
    return accounts[7]


@pytest.fixture(scope="module")
def outsider():
    """Never registered."""
    return accounts[8]


@pytest.fixture(scope="module")
def enforcer():
    """Holds the forced-transfer role."""
    return accounts[9]


def onboard_cast(participants, admin, regulator, maker, maker2, airline, mro, broker, financier, enforcer):
    tx = {"from": admin}
    participants.onboard(regulator, "Aviation Authority", "REG-001", [REGULATOR_ROLE], tx)
    participants.onboard(maker, "Turbine Works", "MFR-145-001", [MANUFACTURER_ROLE], tx)
    participants.onboard(maker2, "Blade Forge", "MFR-145-002", [MANUFACTURER_ROLE], tx)
    participants.onboard(airline, "Blue Sky Airlines", "AOC-777", [], tx)
    participants.onboard(mro, "Hangar One MRO", "145-MRO-9", [REPAIR_STATION_ROLE], tx)
    participants.onboard(broker, "Parts Brokerage", "BRK-12", [], tx)
    participants.onboard(financier, "Harbor Bank", "FIN-3", [FINANCIER_ROLE], tx)
    participants.onboard(enforcer, "Court Registry", "ENF-1", [ENFORCER_ROLE], tx)


@pytest.fixture(scope="module")
def suite(admin, regulator, maker, maker2, airline, mro, broker, financier, enforcer):
    """The whole suite in permissioned mode, the cast onboarded."""
    s = deploy_suite(admin, permissioned=True)
    onboard_cast(s.participants, admin, regulator, maker, maker2, airline, mro, broker, financier, enforcer)
    return s


@pytest.fixture(scope="module")
def open_suite(admin, regulator, maker, maker2, airline, mro, broker, financier, enforcer):
    """The suite in open mode (public use): unregistered accounts may hold parts."""
    s = deploy_suite(admin, permissioned=False)
    onboard_cast(s.participants, admin, regulator, maker, maker2, airline, mro, broker, financier, enforcer)
    return s


@pytest.fixture(scope="module")
def participants(suite):
    return suite.participants


@pytest.fixture(scope="module")
def parts(suite):
    return suite.parts


@pytest.fixture(scope="module")
def records(suite):
    return suite.records


@pytest.fixture(scope="module")
def oz_reference(admin):
    return OZReferenceERC721.deploy({"from": admin})


@pytest.fixture
def register(parts, maker):
    """register(serial, part_number='PN-100', by=maker) -> part id (int)."""

    def _register(serial, part_number="PN-100", by=None):
        by = by or maker
        tx = parts.registerPart(b32(part_number), b32(serial), b"\x00" * 32, {"from": by})
        return tx.return_value

    return _register
