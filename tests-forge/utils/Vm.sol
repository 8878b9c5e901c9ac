// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Vm
/// @notice The few Foundry cheatcodes these tests use (forge-std is not on the npm registry
/// except as an unofficial 2022 copy, and forge runs offline here). The cheatcodes live at the
/// fixed address {VM_ADDRESS}; signatures as Foundry 1.x declares them.
interface Vm {
    // --------------------------------------------------------------- environment
    function prank(address msgSender) external;
    function startPrank(address msgSender) external;
    function stopPrank() external;
    function deal(address account, uint256 newBalance) external;
    function warp(uint256 newTimestamp) external;
    function label(address account, string calldata newLabel) external;
    function snapshotState() external returns (uint256 snapshotId);
    function revertToState(uint256 snapshotId) external returns (bool success);
    /// @dev Deploys an artifact of the build (`File.sol:Contract`): contracts compiled through
    /// the IR pipeline (foundry.toml's compilation_restrictions) without importing them.
    function deployCode(string calldata artifactPath, bytes calldata constructorArgs)
        external
        returns (address deployed);

    // --------------------------------------------------------------- keys
    function addr(uint256 privateKey) external pure returns (address keyAddr);
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);

    // --------------------------------------------------------------- expectations
    function expectRevert(bytes calldata revertData) external;
    function expectRevert(bytes4 revertData) external;
    function expectRevert() external;
    function expectEmit(address emitter) external;
    function assume(bool condition) external pure;

    // --------------------------------------------------------------- assertions
    function assertTrue(bool condition, string calldata error) external pure;
    function assertFalse(bool condition, string calldata error) external pure;
    function assertEq(bool left, bool right, string calldata error) external pure;
    function assertEq(uint256 left, uint256 right, string calldata error) external pure;
    function assertEq(address left, address right, string calldata error) external pure;
    function assertEq(bytes32 left, bytes32 right, string calldata error) external pure;
    function assertEq(string calldata left, string calldata right, string calldata error) external pure;
    function assertEq(bytes calldata left, bytes calldata right, string calldata error) external pure;
    function load(address target, bytes32 slot) external view returns (bytes32 data);
    function assertLe(uint256 left, uint256 right, string calldata error) external pure;
    function assertGe(uint256 left, uint256 right, string calldata error) external pure;

    // --------------------------------------------------------------- formatting
    function toString(uint256 value) external pure returns (string memory);
    function toString(address value) external pure returns (string memory);
    function toString(bytes32 value) external pure returns (string memory);
    function toString(bytes calldata value) external pure returns (string memory);
}

address constant VM_ADDRESS = address(uint160(uint256(keccak256("hevm cheat code"))));
