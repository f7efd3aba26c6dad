// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import "./TestToken.sol";

/// @title OwnedToken
/// @notice A TestToken with an owner and a pause switch, emitting the administration events
/// real tokens emit besides transfers — OpenZeppelin's `Ownable` (`OwnershipTransferred`,
/// from the constructor on) and `Pausable` (`Paused`, `Unpaused`) — so that tests can check
/// what an indexer makes of them. Pausing records the state only; transfers are not stopped.
contract OwnedToken is TestToken {
    address public owner;
    bool public paused;

    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);
    event Paused(address account);
    event Unpaused(address account);

    constructor(string memory name_, string memory symbol_, uint8 decimals_) TestToken(name_, symbol_, decimals_) {
        owner = msg.sender;
        emit OwnershipTransferred(address(0), msg.sender);
    }

    modifier onlyOwner() {
        require(msg.sender == owner, "OwnedToken: caller is not the owner");
        _;
    }

    function transferOwnership(address newOwner) external onlyOwner {
        emit OwnershipTransferred(owner, newOwner);
        owner = newOwner;
    }

    function pause() external onlyOwner {
        paused = true;
        emit Paused(msg.sender);
    }

    function unpause() external onlyOwner {
        paused = false;
        emit Unpaused(msg.sender);
    }
}
