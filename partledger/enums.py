"""TEMPORARY shim (issue 8, helper B replaces it with generated code): the contracts' enums."""

from enum import IntEnum

from partledger._catalog import ENUMS

_NAMES = {"IParticipantRegistry.Status": "ParticipantStatus", "IPurchaseOrders.Terms": "OrderTerms"}


def _enum(key: str) -> type[IntEnum]:
    name = _NAMES.get(key, key.split(".")[-1])
    return IntEnum(name, ENUMS[key], start=0)  # type: ignore[return-value]


BizStep = _enum("IPartRecords.BizStep")
Disposition = _enum("IPartRecords.Disposition")
PartStatus = _enum("IPartRegistry.PartStatus")
TransferCode = _enum("IPartRegistry.TransferCode")
Action = _enum("IParticipantRegistry.Action")
PartyCode = _enum("IParticipantRegistry.PartyCode")
ParticipantStatus = _enum("IParticipantRegistry.Status")
DeliveryCode = _enum("IPurchaseOrders.DeliveryCode")
LineState = _enum("IPurchaseOrders.LineState")
OrderState = _enum("IPurchaseOrders.OrderState")
OrderTerms = _enum("IPurchaseOrders.Terms")
ReceivableCode = _enum("IReceivables.ReceivableCode")
ReceivableState = _enum("IReceivables.ReceivableState")
