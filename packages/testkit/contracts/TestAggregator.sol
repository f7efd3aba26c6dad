// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title TestAggregator
/// @notice A Chainlink-style price feed for tests. It serves the AggregatorV3Interface
/// reads (`decimals`, `description`, `version`, `latestRoundData`, `getRoundData`) and the
/// legacy ones (`latestAnswer`, `latestTimestamp`, `latestRound`), and on every new answer
/// emits `NewRound` then `AnswerUpdated`, in that order, as Chainlink's OCR aggregators do.
/// Unlike a real feed it is both the aggregator (which emits the events) and the proxy
/// (which serves the reads), and anyone may set an answer — with the current block's
/// timestamp, or with an explicit `updatedAt` to make a stale feed.
contract TestAggregator {
    struct Round {
        int256 answer;
        uint256 startedAt;
        uint256 updatedAt;
    }

    uint8 public immutable decimals;
    string public description;
    uint256 public constant version = 4;
    uint256 public latestRound;
    mapping(uint256 => Round) private rounds;

    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);
    event NewRound(uint256 indexed roundId, address indexed startedBy, uint256 startedAt);

    constructor(uint8 decimals_, string memory description_, int256 initialAnswer) {
        decimals = decimals_;
        description = description_;
        if (initialAnswer != 0) _update(initialAnswer, block.timestamp);
    }

    /// @notice Records a new answer updated at the current block's timestamp.
    function updateAnswer(int256 answer) external {
        _update(answer, block.timestamp);
    }

    /// @notice Records a new answer with an explicit `updatedAt` (and `startedAt`).
    function updateAnswerWithTimestamp(int256 answer, uint256 updatedAt) external {
        _update(answer, updatedAt);
    }

    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return getRoundData(uint80(latestRound));
    }

    function getRoundData(uint80 roundId_)
        public
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        Round memory round = rounds[roundId_];
        require(round.updatedAt > 0, "No data present");
        return (roundId_, round.answer, round.startedAt, round.updatedAt, roundId_);
    }

    function latestAnswer() external view returns (int256) {
        return rounds[latestRound].answer;
    }

    function latestTimestamp() external view returns (uint256) {
        return rounds[latestRound].updatedAt;
    }

    function _update(int256 answer, uint256 updatedAt) private {
        uint256 roundId = latestRound + 1;
        latestRound = roundId;
        rounds[roundId] = Round({answer: answer, startedAt: updatedAt, updatedAt: updatedAt});
        emit NewRound(roundId, msg.sender, updatedAt);
        emit AnswerUpdated(answer, roundId, updatedAt);
    }
}
