"""What the test modules share (not a test module): `from helpers import ...`.

- Values: `b32`, `ZERO32`, the role ids, the contracts' enums (`PartStatus`, `TransferCode`,
  `PartyCode`, `ParticipantStatus`, `Action`; the orders' `OrderTerms`, `OrderState`, `LineState`,
  `DeliveryCode`; the receivables' `ReceivableState`, `ReceivableCode`: partledger.enums, where
  a member named None is `ParticipantStatus["None"]`) and PartData flags, the cast's names and
  filing numbers.
- `err(name, *args)`: a custom error as brownie decodes it ("Name: arg1, arg2"), for
  `brownie.reverts(...)`: addresses lower-case hex, integers in decimal, bytes32 as Python bytes.
- `events(tx, name)`: every `name` event of a transaction as plain dicts.
- `register_part`, `register_batch`: parts made for a test, their ids checked against
  partledger.part_id.
- `new_key_account(label)`: a deterministic local account whose private key the test knows
  (the accounts of a dev node do not expose theirs); `sign_transfer` / `signed_order`: EIP-712
  `Transfer` orders signed with partledger.signing (the owner named in the order).
"""

from __future__ import annotations

from brownie import Contract, Receivables, accounts, web3
from hypothesis import HealthCheck

from partledger import part_id
from partledger.enums import (  # the contracts' enums, generated from the build (tools/gen_catalog.py)
    Action,
    DeliveryCode,
    LineState,
    OrderState,
    OrderTerms,
    ParticipantStatus,
    PartStatus,
    PartyCode,
    ReceivableCode,
    ReceivableState,
    TransferCode,
)
from partledger.ids import to_bytes32 as b32  # a part number / serial as the contracts store it
from partledger import signing
from partledger.roles import (  # role ids live in one place, for tests and integrators
    ADMIN_ROLE,
    ARBITER_ROLE,
    ENFORCER_ROLE,
    FINANCIER_ROLE,
    MANUFACTURER_ROLE,
    REGULATOR_ROLE,
    REPAIR_STATION_ROLE,
)


ZERO32 = b"\x00" * 32  # an empty bytes32: no metadata, no reason, no certificate
SB = web3.keccak(text="service bulletin SB-72-0042")  # a reason hash
HOUR = 3600
MAX_DEPTH = 8  # PartRegistry.MAX_ASSEMBLY_DEPTH
# hypothesis settings of the @given tests (brownie's chain calls are slow and vary)
SETTINGS = dict(deadline=None, suppress_health_check=list(HealthCheck))

# ---------------------------------------------------------------- contract constants


# PartData flags (PartRegistry.flagsOf)
SUSPECT, RETIRED, FROZEN, INSTALLED, HAS_OFFER, HAS_CUSTODIAN = (1 << bit for bit in range(6))
REGULATOR_RECALL = 1 << 7  # the part's own recall (SUSPECT) was imposed by a regulator

# ---------------------------------------------------------------- participants

# Who is who: the conftest fixture name -> (name, filing number, roles). The conftest cast is
# onboarded in this order (the admin, the deployer, is participant 1); the last two are
# onboarded only by the modules that ask for them.
CAST = {
    "regulator": ("Aviation Authority", "REG-001", [REGULATOR_ROLE]),
    "maker": ("Turbine Works", "MFR-145-001", [MANUFACTURER_ROLE]),
    "maker2": ("Blade Forge", "MFR-145-002", [MANUFACTURER_ROLE]),
    "airline": ("Blue Sky Airlines", "AOC-777", []),
    "mro": ("Hangar One MRO", "145-MRO-9", [REPAIR_STATION_ROLE]),
    "broker": ("Parts Brokerage", "BRK-12", []),
    "financier": ("Harbor Bank", "FIN-3", [FINANCIER_ROLE]),
    "enforcer": ("Court Registry", "ENF-1", [ENFORCER_ROLE]),
    "regulator2": ("Second Authority", "REG-002", [REGULATOR_ROLE]),
    "keyed": ("Keyed Holder", "KEY-1", []),
    # the financing cast (tests/finance/conftest.py)
    "arbiter": ("Trade Arbitration Chamber", "ARB-1", [ARBITER_ROLE]),
    "tier2": ("Precision Castings", "T2-001", []),
    "tier3": ("Alloy Melt Shop", "T3-001", []),
}


def onboard(participants, admin, **cast) -> None:
    """Onboards each account under its CAST entry, e.g. onboard(p, admin, maker=maker). A role
    that takes two authorities (ENFORCER_ROLE; REGULATOR_ROLE once a regulator is active) is
    granted right after: the admin proposes, an active regulator confirms."""
    for who, account in cast.items():
        name, filing_number, roles = CAST[who]
        two = [r for r in roles if r == ENFORCER_ROLE or (r == REGULATOR_ROLE and participants.activeRegulatorCount())]
        participants.onboard(account, name, filing_number, [r for r in roles if r not in two], {"from": admin})
        for role in two:
            participants.grantRole(role, account, {"from": admin})
            participants.grantRole(role, account, {"from": active_regulator(participants, besides=account)})


def active_regulator(participants, besides=None):
    """A local account that is an active regulator (other than `besides`)."""
    return next(a for a in accounts if a != besides and participants.isAuthority(a)
                and participants.hasRole(REGULATOR_ROLE, a))


def new_key_account(label: str, funder=None, ether: int = 1):
    """A local account with a known private key (derived from `label`); `funder` tops it up to
    at least `ether` ether."""
    account = accounts.add(web3.keccak(text=f"partledger-h2/{label}"))
    if funder is not None and account.balance() < ether * 10**18:
        funder.transfer(account, ether * 10**18)
    return account


def key_of(account) -> bytes:
    """The private key of a local account (brownie keeps it as a hex string)."""
    return bytes.fromhex(str(account.private_key).removeprefix("0x"))


# ---------------------------------------------------------------- reverts and events


def _fmt(value) -> str:
    if hasattr(value, "address"):  # brownie Account / Contract
        return str(value.address).lower()
    if isinstance(value, str):
        return value.lower() if value.startswith("0x") and len(value) == 42 else value
    if isinstance(value, (bytes, bytearray)):
        return str(bytes(value))
    return str(value)


def err(name: str, *args) -> str:
    """The revert string brownie gives for custom error `name(args...)`."""
    return f"{name}: " + ", ".join(_fmt(a) for a in args)


def missing_role(account, role) -> str:
    """OpenZeppelin's AccessControlUnauthorizedAccount(account, role)."""
    return err("AccessControlUnauthorizedAccount", account, role)


def events(tx, name: str) -> list[dict]:
    """The `name` events of `tx` as dicts (empty list when none)."""
    if name not in tx.events:
        return []
    return [dict(e) for e in tx.events[name]]


def hx(value) -> str:
    """bytes32 as the 0x-hex string brownie returns for event and call values."""
    return "0x" + bytes(value).hex()


def allow_token(financing, token, admin) -> None:
    """The admin allows `token` on a financing contract. The receivables contract probes it: the
    admin mints the probe (TOKEN_PROBE, every test token mints freely) and approves it, then
    `allowToken` moves it there and back. The orders contract takes only what the receivables
    contract allows, so for it the token is allowed there first."""
    if hasattr(financing, "receivables"):  # the orders contract
        receivables = Contract.from_abi("Receivables", financing.receivables(), Receivables.abi)
        if not receivables.tokenAllowed(token):
            allow_token(receivables, token, admin)
        financing.allowToken(token, True, {"from": admin})
        return
    probe = financing.TOKEN_PROBE()
    token.mint(admin, probe, {"from": admin})
    token.approve(financing, probe, {"from": admin})
    financing.allowToken(token, True, {"from": admin})


def latest_timestamp() -> int:
    return web3.eth.get_block("latest").timestamp


# ---------------------------------------------------------------- parts


def register_part(parts, by, serial: str, part_number: str = "PN-100") -> int:
    """Registers one part as `by`; its id, the one partledger.part_id derives."""
    tx = parts.registerPart(b32(part_number), b32(serial), ZERO32, {"from": by})
    assert tx.return_value == part_id(by.address, part_number, serial)
    return tx.return_value


def register_batch(parts, by, part_number: str, serials: list[str]) -> tuple[int, list[int]]:
    """Registers a batch as `by`: (batch id, part ids in serial order)."""
    tx = parts.registerBatch(b32(part_number), [b32(s) for s in serials], ZERO32, {"from": by})
    ids = [t["id"] for t in tx.events["Transfer"]]
    assert ids == [part_id(by.address, part_number, s) for s in serials]
    return tx.events["BatchRegistered"]["batchId"], ids


# ---------------------------------------------------------------- EIP-712 transfer orders


def _address(value) -> str:
    return str(value.address) if hasattr(value, "address") else web3.to_checksum_address(value)


def sign_transfer(parts, private_key, pid, to, nonce, deadline, *, chain_id=None, verifying_contract=None, owner=None):
    """Signs Transfer(partId, owner, to, nonce, deadline) for the domain `parts` reports
    (ERC-5267); `owner` defaults to the key's address (pass a contract wallet's address to sign
    for it); `chain_id` or `verifying_contract` sign for another domain instead (negative tests)."""
    domain = signing.domain_from_eip5267(parts.eip712Domain())
    if chain_id is not None:
        domain["chainId"] = int(chain_id)
    if verifying_contract is not None:
        domain["verifyingContract"] = _address(verifying_contract)
    return signing.sign_transfer(private_key, domain, part_id=pid, to=_address(to), nonce=nonce, deadline=deadline,
                                 owner=None if owner is None else _address(owner))


def signed_order(parts, private_key, pid, to, nonce=0, deadline=None, **domain):
    """transferBySignature's arguments (partId, to, nonce, deadline, signature) for an order
    signed with `private_key`, good for an hour unless `deadline` is given."""
    deadline = latest_timestamp() + HOUR if deadline is None else deadline
    return pid, to, nonce, deadline, sign_transfer(parts, private_key, pid, to, nonce, deadline, **domain)
