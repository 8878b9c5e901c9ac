// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {FinanceRules} from "../utils/FinanceRules.sol";
import {IPurchaseOrders} from "../../contracts/interfaces/IPurchaseOrders.sol";
import {IPartRegistry} from "../../contracts/interfaces/IPartRegistry.sol";

/// @notice What the buyer ordered is what the seller accepts: nothing taken out of an ordered
/// assembly (at any depth) between the opening and the acceptance. The registry's content version
/// grows with every removal; the order compares the sum of its parts' versions.
contract OrdersAssemblyContent is FinanceRules {
    uint256 internal constant PRICE = 50_000_000;

    function setUp() public {
        _deployFinance();
    }

    /// @dev An engine holding a fan holding a blade, all the maker's.
    function _engine(bytes32 salt) internal returns (uint256 engine, uint256 fan, uint256 blade) {
        engine = _register(maker, keccak256(abi.encode(salt, "engine")));
        fan = _register(maker, keccak256(abi.encode(salt, "fan")));
        blade = _register(maker, keccak256(abi.encode(salt, "blade")));
        vm.startPrank(maker);
        parts.installPart(fan, engine);
        parts.installPart(blade, fan);
        vm.stopPrank();
    }

    function _refused(uint256 orderId, uint256 atOpening, uint256 current) internal {
        vm.expectRevert(
            abi.encodeWithSelector(IPurchaseOrders.PartsChangedSinceOpening.selector, orderId, atOpening, current)
        );
        vm.prank(maker);
        orders.acceptOrder(orderId);
    }

    /// @notice The seller takes the fan out of the ordered engine and accepts: refused; the buyer
    /// cancels and gets its whole escrow back, the seller keeps engine and fan, unpaid.
    function test_aSellerCannotAcceptAnAssemblyItStrippedSinceTheOpening() external {
        (uint256 engine, uint256 fan,) = _engine("strip");
        uint256 orderId = _openPrepaid(alice, maker, _one(engine), PRICE);
        vm.prank(maker);
        parts.removePart(fan);
        vm.assertEq(parts.contentVersionOf(engine), 1, "engine version");
        _refused(orderId, 0, 1);
        vm.prank(alice);
        orders.cancelOrder(orderId);
        vm.assertEq(_bal(alice), PRICE, "buyer refunded in full");
        vm.assertEq(_bal(maker) + _owedO(maker), 0, "seller paid");
        vm.assertEq(parts.ownerOf(engine), maker, "engine");
        vm.assertEq(parts.ownerOf(fan), maker, "fan");
    }

    /// @notice A removal deeper down (the blade out of the fan inside the engine) counts too.
    function test_aRemovalAtAnyDepthIsSeen() external {
        (uint256 engine,, uint256 blade) = _engine("deep");
        uint256 orderId = _openPrepaid(alice, maker, _one(engine), PRICE);
        vm.prank(maker);
        parts.removePart(blade);
        _refused(orderId, 0, 1);
    }

    /// @notice An assembly lent out and stripped by another owner before it came back is seen: the
    /// root's version grew while the other owner held it.
    function test_anAssemblyStrippedByAnotherOwnerAndReturnedIsSeen() external {
        (uint256 engine, uint256 fan,) = _engine("lent");
        uint256 orderId = _openPrepaid(alice, maker, _one(engine), PRICE);
        vm.prank(maker);
        parts.transferFrom(maker, bob, engine);
        vm.startPrank(bob);
        parts.removePart(fan);
        parts.transferFrom(bob, maker, engine);
        vm.stopPrank();
        _refused(orderId, 0, 1);
    }

    /// @notice A sub-assembly stripped while installed in another, then taken out and ordered on
    /// its own later: its own version counts the removal of it, so an order opened before is refused.
    function test_aSubAssemblyTakenOutOfAnotherIsSeen() external {
        (uint256 engine, uint256 fan,) = _engine("sub");
        vm.prank(maker);
        parts.removePart(fan); // fan (holding the blade) is loose now: version 1
        uint256 orderId = _openPrepaid(alice, maker, _one(fan), PRICE);
        vm.prank(maker);
        parts.installPart(fan, engine); // installing adds nothing to a version
        vm.assertEq(parts.contentVersionOf(fan), 1, "fan version after install");
        vm.prank(maker);
        parts.removePart(fan);
        _refused(orderId, 1, 2);
    }

    /// @notice What is unchanged is accepted and delivered: an assembly stripped before the order
    /// (its version at the opening is stored), and one the seller added a part to since.
    function test_anAssemblyUnchangedSinceTheOpeningIsAcceptedEvenIfAddedTo() external {
        (uint256 engine, uint256 fan,) = _engine("same");
        vm.prank(maker);
        parts.removePart(fan);
        uint256 orderId = _openPrepaid(alice, maker, _one(engine), PRICE);
        uint256 extra = _register(maker, bytes32("EXTRA"));
        vm.prank(maker);
        parts.installPart(extra, engine);
        vm.startPrank(maker);
        orders.acceptOrder(orderId);
        orders.deliver(orderId, _one(engine));
        vm.stopPrank();
        vm.assertEq(parts.ownerOf(engine), alice, "engine delivered");
        vm.assertEq(parts.parentOf(extra), engine, "with what was added");
        vm.assertEq(_bal(maker), PRICE, "seller paid");
    }

    /// @notice Once accepted the parts are encumbered: nothing comes out until the order settles.
    function test_anAcceptedAssemblyCannotBeStripped() external {
        (uint256 engine, uint256 fan,) = _engine("held");
        uint256 orderId = _openPrepaid(alice, maker, _one(engine), PRICE);
        vm.prank(maker);
        orders.acceptOrder(orderId);
        vm.expectRevert(abi.encodeWithSelector(IPartRegistry.PartEncumbered.selector, engine));
        vm.prank(maker);
        parts.removePart(fan);
        vm.assertEq(parts.parentOf(fan), engine, "fan still in");
    }
}
