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
    /// @dev Only the connected financing contract may encumber, release or deliver parts.
    error NotFinancing(address caller);
    /// @dev The contract does not answer `parts()` with this registry and `participants()` with
    /// its participant registry.
    error InvalidFinancing(address financing);
    /// @dev The connected financing contract still holds `encumbered` parts: it cannot be replaced.
    error FinancingInUse(address financing, uint256 encumbered);
    /// @dev The part is not encumbered.
    error PartNotEncumbered(uint256 partId);

    /// @notice The financing contract changed (`previous` zero the first time).
    event FinancingConnected(address previous, address financing);
    /// @notice `partId`, owned by `owner`, is promised to `beneficiary` until delivered or released.
    event EncumbranceSet(uint256 indexed partId, address indexed owner, address indexed beneficiary);
    /// @notice The encumbrance ended: `delivered` true when the part went to `beneficiary`
    /// through {deliverEncumbered}; false when released, or lifted by a forced transfer.
    event EncumbranceLifted(uint256 indexed partId, address indexed beneficiary, bool delivered);

    /// @notice Connects the financing contract (the purchase orders): the admin alone the first
    /// time; replacing it takes two authorities (as {IPartRegistry-connectRecords}) and no part
    /// encumbered by the current one.
    function connectFinancing(address financing) external;

    /// @notice The connected financing contract: promises `partId`, owned by `owner` now, to
    /// `beneficiary`. The part must be registered, not installed, in service (not retired,
    /// suspect or frozen), not encumbered, and able to move from `owner` to `beneficiary` today.
    /// Ends an open handover offer and custody.
    function encumber(uint256 partId, address owner, address beneficiary) external;

    /// @notice The connected financing contract lifts an encumbrance; the part stays with its owner.
    function release(uint256 partId) external;

    /// @notice The connected financing contract moves an encumbered part to the party it is
    /// promised to, under every other transfer rule (a frozen or suspect part, a suspended or
    /// unregistered party, the suite pause: each reverts as a transfer would).
    function deliverEncumbered(uint256 partId) external;

    /// @notice The connected financing contract (zero until connected).
    function financing() external view returns (address);

    /// @notice Who an encumbered part is promised to (zero when it is not encumbered).
    function encumbranceOf(uint256 partId) external view returns (address beneficiary);

    /// @notice Parts encumbered now.
    function encumberedCount() external view returns (uint256);
}
