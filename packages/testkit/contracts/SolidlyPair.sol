// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20Minimal {
    function balanceOf(address owner) external view returns (uint256);
    function transfer(address to, uint256 amount) external returns (bool);
}

/// A Solidly-style volatile pair (the design of Solidly's BaseV1Pair, Velodrome v1 and Pharaoh v1),
/// minimal but real: x*y=k reserves, a fee taken on the input and moved out of the reserves (to
/// `feeRecipient`, where Solidly moves it to its PairFees contract), and the same events as those
/// pairs: `Fees`, `Mint`, `Burn`, `Swap` (V2's layout and topic), `Sync(uint256,uint256)` (not V2's
/// uint112 layout) and the LP token's ERC-20 `Transfer`/`Approval`. Stable (x³y+y³x) curves, TWAP
/// observations and fee claims are left out.
contract SolidlyPair {
    event Fees(address indexed sender, uint256 amount0, uint256 amount1);
    event Mint(address indexed sender, uint256 amount0, uint256 amount1);
    event Burn(address indexed sender, uint256 amount0, uint256 amount1, address indexed to);
    event Swap(
        address indexed sender,
        uint256 amount0In,
        uint256 amount1In,
        uint256 amount0Out,
        uint256 amount1Out,
        address indexed to
    );
    event Sync(uint256 reserve0, uint256 reserve1);
    event Transfer(address indexed from, address indexed to, uint256 amount);
    event Approval(address indexed owner, address indexed spender, uint256 amount);

    uint256 public constant MINIMUM_LIQUIDITY = 10 ** 3;

    string public name;
    string public symbol;
    uint8 public constant decimals = 18;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    address public immutable token0;
    address public immutable token1;
    address public immutable feeRecipient;
    /// The fee on the input, in basis points (Solidly's volatile pairs: 20, i.e. 0.2%).
    uint256 public immutable feeBps;

    uint256 public reserve0;
    uint256 public reserve1;
    uint256 public blockTimestampLast;

    uint256 private unlocked = 1;

    modifier lock() {
        require(unlocked == 1, "SolidlyPair: locked");
        unlocked = 2;
        _;
        unlocked = 1;
    }

    constructor(address tokenA, address tokenB, uint256 feeBps_, address feeRecipient_) {
        require(tokenA != tokenB, "SolidlyPair: identical tokens");
        require(feeBps_ < 10_000, "SolidlyPair: fee");
        (token0, token1) = tokenA < tokenB ? (tokenA, tokenB) : (tokenB, tokenA);
        feeBps = feeBps_;
        feeRecipient = feeRecipient_;
        name = "Volatile AMM - Solidly test pair";
        symbol = "vAMM-TEST";
    }

    function getReserves() external view returns (uint256, uint256, uint256) {
        return (reserve0, reserve1, blockTimestampLast);
    }

    /// What `swap` pays for `amountIn` of `tokenIn` at the current reserves (Solidly's `getAmountOut`).
    function getAmountOut(uint256 amountIn, address tokenIn) external view returns (uint256) {
        (uint256 reserveIn, uint256 reserveOut) = tokenIn == token0 ? (reserve0, reserve1) : (reserve1, reserve0);
        uint256 amountInAfterFee = amountIn - (amountIn * feeBps) / 10_000;
        return (amountInAfterFee * reserveOut) / (reserveIn + amountInAfterFee);
    }

    function mint(address to) external lock returns (uint256 liquidity) {
        uint256 balance0 = IERC20Minimal(token0).balanceOf(address(this));
        uint256 balance1 = IERC20Minimal(token1).balanceOf(address(this));
        uint256 amount0 = balance0 - reserve0;
        uint256 amount1 = balance1 - reserve1;
        uint256 supply = totalSupply;
        if (supply == 0) {
            liquidity = sqrt(amount0 * amount1) - MINIMUM_LIQUIDITY;
            _mint(address(0), MINIMUM_LIQUIDITY);
        } else {
            liquidity = min((amount0 * supply) / reserve0, (amount1 * supply) / reserve1);
        }
        require(liquidity > 0, "SolidlyPair: insufficient liquidity minted");
        _mint(to, liquidity);
        _update(balance0, balance1);
        emit Mint(msg.sender, amount0, amount1);
    }

    function burn(address to) external lock returns (uint256 amount0, uint256 amount1) {
        uint256 balance0 = IERC20Minimal(token0).balanceOf(address(this));
        uint256 balance1 = IERC20Minimal(token1).balanceOf(address(this));
        uint256 liquidity = balanceOf[address(this)];
        uint256 supply = totalSupply;
        amount0 = (liquidity * balance0) / supply;
        amount1 = (liquidity * balance1) / supply;
        require(amount0 > 0 && amount1 > 0, "SolidlyPair: insufficient liquidity burned");
        _burn(address(this), liquidity);
        _safeTransfer(token0, to, amount0);
        _safeTransfer(token1, to, amount1);
        _update(IERC20Minimal(token0).balanceOf(address(this)), IERC20Minimal(token1).balanceOf(address(this)));
        emit Burn(msg.sender, amount0, amount1, to);
    }

    /// V2's optimistic swap: pays out first, then reads what came in, moves the fee on it out of
    /// the pair (`Fees`), checks x*y=k on what stays, and records the new reserves (`Sync`).
    function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes calldata) external lock {
        require(amount0Out > 0 || amount1Out > 0, "SolidlyPair: insufficient output amount");
        require(amount0Out < reserve0 && amount1Out < reserve1, "SolidlyPair: insufficient liquidity");
        require(to != token0 && to != token1, "SolidlyPair: invalid to");
        if (amount0Out > 0) _safeTransfer(token0, to, amount0Out);
        if (amount1Out > 0) _safeTransfer(token1, to, amount1Out);
        (uint256 amount0In, uint256 amount1In) = _amountsIn(amount0Out, amount1Out);
        _takeFeesAndUpdate(amount0In, amount1In);
        emit Swap(msg.sender, amount0In, amount1In, amount0Out, amount1Out, to);
    }

    /// What came in, V2's way: the balance above what the reserve keeps after the payout.
    function _amountsIn(uint256 amount0Out, uint256 amount1Out)
        private
        view
        returns (uint256 amount0In, uint256 amount1In)
    {
        uint256 balance0 = IERC20Minimal(token0).balanceOf(address(this));
        uint256 balance1 = IERC20Minimal(token1).balanceOf(address(this));
        uint256 kept0 = reserve0 - amount0Out;
        uint256 kept1 = reserve1 - amount1Out;
        amount0In = balance0 > kept0 ? balance0 - kept0 : 0;
        amount1In = balance1 > kept1 ? balance1 - kept1 : 0;
        require(amount0In > 0 || amount1In > 0, "SolidlyPair: insufficient input amount");
    }

    /// Moves the fee on the input out of the pair (`Fees`), checks x*y=k on what stays and records
    /// the new reserves (`Sync`).
    function _takeFeesAndUpdate(uint256 amount0In, uint256 amount1In) private {
        uint256 fee0 = (amount0In * feeBps) / 10_000;
        uint256 fee1 = (amount1In * feeBps) / 10_000;
        if (fee0 > 0) _safeTransfer(token0, feeRecipient, fee0);
        if (fee1 > 0) _safeTransfer(token1, feeRecipient, fee1);
        if (fee0 > 0 || fee1 > 0) emit Fees(msg.sender, fee0, fee1);
        uint256 balance0 = IERC20Minimal(token0).balanceOf(address(this));
        uint256 balance1 = IERC20Minimal(token1).balanceOf(address(this));
        require(balance0 * balance1 >= reserve0 * reserve1, "SolidlyPair: K");
        _update(balance0, balance1);
    }

    function approve(address spender, uint256 amount) external returns (bool) {
        allowance[msg.sender][spender] = amount;
        emit Approval(msg.sender, spender, amount);
        return true;
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        _transfer(msg.sender, to, amount);
        return true;
    }

    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed != type(uint256).max) allowance[from][msg.sender] = allowed - amount;
        _transfer(from, to, amount);
        return true;
    }

    function _update(uint256 balance0, uint256 balance1) private {
        reserve0 = balance0;
        reserve1 = balance1;
        blockTimestampLast = block.timestamp;
        emit Sync(balance0, balance1);
    }

    function _mint(address to, uint256 amount) private {
        totalSupply += amount;
        balanceOf[to] += amount;
        emit Transfer(address(0), to, amount);
    }

    function _burn(address from, uint256 amount) private {
        balanceOf[from] -= amount;
        totalSupply -= amount;
        emit Transfer(from, address(0), amount);
    }

    function _transfer(address from, address to, uint256 amount) private {
        balanceOf[from] -= amount;
        balanceOf[to] += amount;
        emit Transfer(from, to, amount);
    }

    function _safeTransfer(address token, address to, uint256 amount) private {
        (bool success, bytes memory data) =
            token.call(abi.encodeWithSelector(IERC20Minimal.transfer.selector, to, amount));
        require(success && (data.length == 0 || abi.decode(data, (bool))), "SolidlyPair: transfer failed");
    }

    function min(uint256 x, uint256 y) private pure returns (uint256) {
        return x < y ? x : y;
    }

    function sqrt(uint256 y) private pure returns (uint256 z) {
        if (y > 3) {
            z = y;
            uint256 x = y / 2 + 1;
            while (x < z) {
                z = x;
                x = (y / x + x) / 2;
            }
        } else if (y != 0) {
            z = 1;
        }
    }
}
