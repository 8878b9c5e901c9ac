// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IPartFinancing
/// @notice The registry's side of the bridge to the financing contracts. A part promised to an
/// open purchase order is ENCUMBERED: it refuses every transfer path (`canTransfer` answers
/// `PartEncumbered`), installation, removal from or into its assembly, offers, custody and
/// retirement, and moves only through {deliverEncumbered}, to the party it is promised to. A
/// forced transfer still moves it (lifting the encumbrance) and a recall or freeze still lands on
/// it; the financing contract then lets the buyer drop that part.
interface IPartFinancing {
    /// @dev Only the current financing contract may encumber parts; it or a replaced one (winding
    /// down) may release or deliver them.
    error NotFinancing(address caller);
    /// @dev The contract does not answer `parts()` with this registry and `participants()` with
    /// its participant registry, or it is the current financing contract or a replaced one.
    error InvalidFinancing(address financing);
    /// @dev `partId` is encumbered by another financing contract than `caller`: only the contract
    /// that encumbered a part releases or delivers it.
    error EncumberedByOther(uint256 partId, address caller);
    /// @dev The part is not encumbered.
    error PartNotEncumbered(uint256 partId);

    /// @notice The financing contract changed (`previous` zero the first time): `previous` now
    /// winds down (it releases and delivers what it encumbered, and encumbers nothing more).
    event FinancingConnected(address previous, address financing);
    /// @notice `partId`, owned by `owner`, is promised to `beneficiary` until delivered or released.
    event EncumbranceSet(uint256 indexed partId, address indexed owner, address indexed beneficiary);
    /// @notice The encumbrance ended: `delivered` true when the part went to `beneficiary`
    /// through {deliverEncumbered}; false when released, or lifted by a forced transfer.
    event EncumbranceLifted(uint256 indexed partId, address indexed beneficiary, bool delivered);

    /// @notice Connects the financing contract (the purchase orders): the admin alone the first
    /// time; replacing it takes two authorities (as {IPartRegistry-connectRecords}). The replaced
    /// contract winds down for good: it can no longer encumber, and it still releases and delivers
    /// the parts it encumbered (its open orders settle as before); it is never connected again.
    /// @param financing The new financing contract (neither the current one nor a replaced one).
    function connectFinancing(address financing) external;

    /// @notice The connected financing contract: promises `partId`, owned by `owner` now, to
    /// `beneficiary`. The part must be registered, not installed, in service (not retired,
    /// suspect or frozen), not encumbered, and able to move from `owner` to `beneficiary` today.
    /// Ends an open handover offer and custody.
    function encumber(uint256 partId, address owner, address beneficiary) external;

    /// @notice The current or a winding-down financing contract lifts an encumbrance it set
    /// (`EncumberedByOther` for a part another contract encumbered); the part stays with its owner.
    /// @param partId The encumbered part.
    function release(uint256 partId) external;

    /// @notice The current or a winding-down financing contract moves a part it encumbered to the
    /// party it is promised to (`EncumberedByOther` for a part another contract encumbered), under
    /// every other transfer rule (a frozen or suspect part, a suspended or unregistered party, the
    /// suite pause: each reverts as a transfer would).
    /// @param partId The encumbered part.
    function deliverEncumbered(uint256 partId) external;

    /// @notice The current financing contract, the only one that encumbers (zero until connected).
    function financing() external view returns (address);

    /// @notice Whether `financing` is a replaced financing contract (winding down: it may still
    /// release and deliver the parts it encumbered). It stays so for good.
    /// @param financing The contract asked about.
    function isWindingDown(address financing) external view returns (bool);

    /// @notice Who an encumbered part is promised to (zero when it is not encumbered).
    function encumbranceOf(uint256 partId) external view returns (address beneficiary);

    /// @notice Parts encumbered now, by the current and the winding-down contracts together.
    function encumberedCount() external view returns (uint256);
}
