// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm, VM_ADDRESS} from "../utils/Vm.sol";
import {Model} from "./Model.sol";
import {ParticipantRegistry} from "../../contracts/ParticipantRegistry.sol";
import {PartRegistry} from "../../contracts/PartRegistry.sol";
import {PartRecords} from "../../contracts/PartRecords.sol";

/// @title HandlerBase
/// @notice What the handlers share: the model, the suite, and how a seed becomes an actor or a
/// part. A handler function reverts exactly when the suite refused the call under test (with the
/// suite's error), so forge's table of calls and reverts per action shows how often each action
/// got through; `fail_on_revert` stays off, since refusals are expected.
abstract contract HandlerBase {
    Vm internal constant vm = Vm(VM_ADDRESS);
    bytes32 internal constant REASON = keccak256("handler");

    Model public immutable model;
    ParticipantRegistry internal immutable participants;
    PartRegistry internal immutable parts;
    PartRecords internal immutable records;

    constructor(Model model_) {
        model = model_;
        participants = model_.participants();
        parts = model_.parts();
        records = model_.records();
    }

    /// @dev The functions an invariant campaign may call on this handler.
    function actions() external pure virtual returns (bytes4[] memory);

    function _actor(uint256 seed) internal view returns (address) {
        return model.actor(seed);
    }

    /// @dev `preferred` three times in four, else any actor: most calls come from someone who
    /// may make them, the rest probe the guards.
    function _mostly(address preferred, uint256 seed) internal view returns (address) {
        return seed % 4 == 0 || preferred == address(0) ? model.actor(seed >> 2) : preferred;
    }

    function _hasParts() internal view returns (bool) {
        return model.partCount() != 0;
    }

    /// @dev The suite refused the call: the handler reverts with the suite's own error, so the
    /// campaign's metrics (`forge test --show-progress`, the table forge prints) count refusals
    /// per action, and nothing of the step remains.
    function _refused(bytes memory reason) internal pure {
        assembly ("memory-safe") {
            revert(add(reason, 0x20), mload(reason))
        }
    }

    function _list(address a) internal pure returns (address[] memory list) {
        list = new address[](1);
        list[0] = a;
    }

    function _list(address a, address b) internal pure returns (address[] memory list) {
        list = new address[](2);
        (list[0], list[1]) = (a, b);
    }

    function _list(address a, address b, address c) internal pure returns (address[] memory list) {
        list = new address[](3);
        (list[0], list[1], list[2]) = (a, b, c);
    }
}
