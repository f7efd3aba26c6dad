import { parseAbi } from 'viem'

// The events each contract type emits. Besides the events the transformers use,
// each ABI lists the type's other standard events (Approval, Sync, fee and
// parameter events, …) and the administration events contracts of every kind
// emit (ownership, proxies, pausing, roles) so that they decode and are
// ignored, rather than being recorded as undecodable logs.

/**
 * Administration events of contracts of every type, as OpenZeppelin's
 * `Ownable`, `Ownable2Step`, `Pausable`, `AccessControl`, `Initializable` and
 * ERC-1967 proxies, and Chainlink's `ConfirmedOwner`, declare them: decoded and
 * ignored (nothing idx stores depends on them).
 */
export const adminEventsAbi = parseAbi([
  'event OwnershipTransferred(address indexed previousOwner, address indexed newOwner)',
  'event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner)',
  'event OwnershipTransferRequested(address indexed from, address indexed to)',
  'event Paused(address account)',
  'event Unpaused(address account)',
  'event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)',
  'event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)',
  'event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole)',
  'event Upgraded(address indexed implementation)',
  'event AdminChanged(address previousAdmin, address newAdmin)',
  'event BeaconUpgraded(address indexed beacon)',
  'event Initialized(uint8 version)',
  'event Initialized(uint64 version)',
])

/**
 * What tokens emit besides transfers and approvals, as Circle's FiatToken
 * (native USDC on Avalanche) declares it: minting and burning (each with its
 * `Transfer` too), minters, blacklisting, its own pausing and roles, and
 * EIP-3009 authorisations. Decoded and ignored.
 */
export const tokenAdminEventsAbi = parseAbi([
  'event Mint(address indexed minter, address indexed to, uint256 amount)',
  'event Burn(address indexed burner, uint256 amount)',
  'event MinterConfigured(address indexed minter, uint256 minterAllowedAmount)',
  'event MinterRemoved(address indexed oldMinter)',
  'event MasterMinterChanged(address indexed newMasterMinter)',
  'event Blacklisted(address indexed _account)',
  'event UnBlacklisted(address indexed _account)',
  'event BlacklisterChanged(address indexed newBlacklister)',
  'event Pause()',
  'event Unpause()',
  'event PauserChanged(address indexed newAddress)',
  'event RescuerChanged(address indexed newRescuer)',
  'event AuthorizationUsed(address indexed authorizer, bytes32 indexed nonce)',
  'event AuthorizationCanceled(address indexed authorizer, bytes32 indexed nonce)',
])

/** ERC-20 token: `Transfer`, `Approval`, and the administration events tokens emit. */
export const erc20Abi = [
  ...parseAbi([
    'event Transfer(address indexed from, address indexed to, uint256 value)',
    'event Approval(address indexed owner, address indexed spender, uint256 value)',
  ]),
  ...adminEventsAbi,
  ...tokenAdminEventsAbi,
] as const

/**
 * Wrapped native token (WAVAX, a WETH9 copy): the ERC-20 events plus `Deposit`
 * and `Withdrawal`. WETH9 names the ERC-20 events' parameters `src`, `dst`,
 * `guy` and `wad`; the names here are the ERC-20 ones (names do not change an
 * event's selector), so a Transfer decodes the same for both types.
 */
export const wrappedNativeAbi = [
  ...parseAbi([
    'event Transfer(address indexed from, address indexed to, uint256 value)',
    'event Approval(address indexed owner, address indexed spender, uint256 value)',
    'event Deposit(address indexed dst, uint256 wad)',
    'event Withdrawal(address indexed src, uint256 wad)',
  ]),
  ...adminEventsAbi,
] as const

/**
 * Uniswap-V2-style pair (LFJ v1, Pharaoh v1, the launch pool): `Swap`, `Mint`,
 * `Burn`, `Sync`, and the events of its ERC-20 liquidity token.
 */
export const uniswapV2PairAbi = [
  ...parseAbi([
    'event Swap(address indexed sender, uint256 amount0In, uint256 amount1In, uint256 amount0Out, uint256 amount1Out, address indexed to)',
    'event Mint(address indexed sender, uint256 amount0, uint256 amount1)',
    'event Burn(address indexed sender, uint256 amount0, uint256 amount1, address indexed to)',
    'event Sync(uint112 reserve0, uint112 reserve1)',
    'event Transfer(address indexed from, address indexed to, uint256 value)',
    'event Approval(address indexed owner, address indexed spender, uint256 value)',
  ]),
  ...adminEventsAbi,
] as const

/**
 * Solidly-style pair (Pharaoh v1, a Solidly/Velodrome-v1 fork): the V2 pair's
 * `Swap`, `Mint`, `Burn` and LP token events, plus `Fees` (the swap fee the
 * pair moved to its fee holder, per swap), `Claim` (an LP claimed its fees)
 * and `Sync` with `uint256` reserves (a different selector from V2's
 * `Sync(uint112,uint112)`).
 */
export const solidlyPairAbi = [
  ...parseAbi([
    'event Swap(address indexed sender, uint256 amount0In, uint256 amount1In, uint256 amount0Out, uint256 amount1Out, address indexed to)',
    'event Mint(address indexed sender, uint256 amount0, uint256 amount1)',
    'event Burn(address indexed sender, uint256 amount0, uint256 amount1, address indexed to)',
    'event Sync(uint256 reserve0, uint256 reserve1)',
    'event Fees(address indexed sender, uint256 amount0, uint256 amount1)',
    'event Claim(address indexed sender, address indexed recipient, uint256 amount0, uint256 amount1)',
    'event Transfer(address indexed from, address indexed to, uint256 value)',
    'event Approval(address indexed owner, address indexed spender, uint256 value)',
  ]),
  ...adminEventsAbi,
] as const

/**
 * Uniswap-V3-style concentrated-liquidity pool (`IUniswapV3PoolEvents` of
 * Uniswap/v3-core; the Pharaoh CL pool, a Ramses V3 fork, emits the same
 * `Swap` — checked against its real log in block 62288120). `Swap` amounts
 * are signed and the pool's side: positive is what the pool received,
 * negative what it paid out. Ramses V3 pools declare `SetFeeProtocol` with
 * two parameters instead of four; both are listed (different selectors).
 */
export const uniswapV3PoolAbi = [
  ...parseAbi([
    'event Swap(address indexed sender, address indexed recipient, int256 amount0, int256 amount1, uint160 sqrtPriceX96, uint128 liquidity, int24 tick)',
    'event Mint(address sender, address indexed owner, int24 indexed tickLower, int24 indexed tickUpper, uint128 amount, uint256 amount0, uint256 amount1)',
    'event Burn(address indexed owner, int24 indexed tickLower, int24 indexed tickUpper, uint128 amount, uint256 amount0, uint256 amount1)',
    'event Collect(address indexed owner, address recipient, int24 indexed tickLower, int24 indexed tickUpper, uint128 amount0, uint128 amount1)',
    'event Flash(address indexed sender, address indexed recipient, uint256 amount0, uint256 amount1, uint256 paid0, uint256 paid1)',
    'event CollectProtocol(address indexed sender, address indexed recipient, uint128 amount0, uint128 amount1)',
    'event Initialize(uint160 sqrtPriceX96, int24 tick)',
    'event IncreaseObservationCardinalityNext(uint16 observationCardinalityNextOld, uint16 observationCardinalityNextNew)',
    'event SetFeeProtocol(uint8 feeProtocol0Old, uint8 feeProtocol1Old, uint8 feeProtocol0New, uint8 feeProtocol1New)',
    'event SetFeeProtocol(uint8 feeProtocolOld, uint8 feeProtocolNew)',
  ]),
  ...adminEventsAbi,
] as const

/**
 * Uniswap-V3-style non-fungible position manager (`INonfungiblePositionManager`
 * of Uniswap/v3-periphery): a position is an ERC-721 token. `IncreaseLiquidity`
 * and `DecreaseLiquidity` follow the pool's `Mint` / `Burn` (owner: the
 * manager) in the same transaction, `Collect` the pool's `Collect`; the
 * ERC-721 `Transfer` (three indexed parameters) moves the position.
 */
export const uniswapV3PositionManagerAbi = [
  ...parseAbi([
    'event IncreaseLiquidity(uint256 indexed tokenId, uint128 liquidity, uint256 amount0, uint256 amount1)',
    'event DecreaseLiquidity(uint256 indexed tokenId, uint128 liquidity, uint256 amount0, uint256 amount1)',
    'event Collect(uint256 indexed tokenId, address recipient, uint256 amount0, uint256 amount1)',
    'event Transfer(address indexed from, address indexed to, uint256 indexed tokenId)',
    'event Approval(address indexed owner, address indexed approved, uint256 indexed tokenId)',
    'event ApprovalForAll(address indexed owner, address indexed operator, bool approved)',
  ]),
  ...adminEventsAbi,
] as const

/**
 * LFJ Liquidity Book pair, v2.1 and v2.2 (`ILBPair` and `ILBToken` of
 * traderjoe-xyz/joe-v2; the events are the same in both versions, v2.2 adds
 * `HooksParametersSet`). Every `bytes32` amount packs two uint128: token X in
 * the low 128 bits, token Y in the high 128 bits.
 *
 * `Swap` is emitted once per bin a swap crosses; its `amountsIn` excludes the
 * protocol's share of the fee (`protocolFees`), which the taker also paid.
 */
export const lfjLbPairAbi = [
  ...parseAbi([
    'event Swap(address indexed sender, address indexed to, uint24 id, bytes32 amountsIn, bytes32 amountsOut, uint24 volatilityAccumulator, bytes32 totalFees, bytes32 protocolFees)',
    'event DepositedToBins(address indexed sender, address indexed to, uint256[] ids, bytes32[] amounts)',
    'event WithdrawnFromBins(address indexed sender, address indexed to, uint256[] ids, bytes32[] amounts)',
    'event TransferBatch(address indexed sender, address indexed from, address indexed to, uint256[] ids, uint256[] amounts)',
    'event ApprovalForAll(address indexed account, address indexed sender, bool approved)',
    'event CompositionFees(address indexed sender, uint24 id, bytes32 totalFees, bytes32 protocolFees)',
    'event CollectedProtocolFees(address indexed feeRecipient, bytes32 protocolFees)',
    'event FlashLoan(address indexed sender, address indexed receiver, uint24 activeId, bytes32 amounts, bytes32 totalFees, bytes32 protocolFees)',
    'event StaticFeeParametersSet(address indexed sender, uint16 baseFactor, uint16 filterPeriod, uint16 decayPeriod, uint16 reductionFactor, uint24 variableFeeControl, uint16 protocolShare, uint24 maxVolatilityAccumulator)',
    'event HooksParametersSet(address indexed sender, bytes32 hooksParameters)',
    'event OracleLengthIncreased(address indexed sender, uint16 oracleLength)',
    'event ForcedDecay(address indexed sender, uint24 idReference, uint24 volatilityReference)',
  ]),
  ...adminEventsAbi,
] as const

/**
 * Chainlink aggregator (the aggregator behind a feed's proxy: the proxy itself
 * emits nothing): `AnswerUpdated`, `NewRound`.
 */
export const chainlinkAggregatorAbi = [
  ...parseAbi([
    'event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt)',
    'event NewRound(uint256 indexed roundId, address indexed startedBy, uint256 startedAt)',
  ]),
  ...adminEventsAbi,
] as const

/**
 * DEX aggregator routers (`dex_aggregator`): the events in which an
 * aggregator's router reports a whole order — what the caller paid and what
 * the receiver got — after the swaps it made on pools:
 *
 * - Odos router v2 (odos-xyz/odos-router-v2, `OdosRouterV2.sol`): `Swap`
 *   (`sender` is the caller; the output went to a receiver the event does not
 *   name), `SwapMulti` (several inputs and outputs);
 * - LFJ aggregator (traderjoe-xyz/joe-router, `IRouter.sol`): `SwapExactIn`,
 *   `SwapExactOut` (`sender` the caller, `to` the receiver),
 *   `RouterLogicUpdated`;
 * - KyberSwap meta aggregation router v2, and 1inch's aggregation router v4
 *   (the same event): `Swapped` (`sender`, `dstReceiver`), with Kyber's
 *   `Exchange`, `Fee`, `ClientData` and `Error`. 1inch's v5 and v6 routers
 *   emit no swap event;
 *
 * and the administration events of every type (Odos is `Ownable`). The
 * native coin is the zero address in Odos's and LFJ's events. Each selector
 * is checked against real Avalanche logs in the tests.
 */
export const dexAggregatorAbi = [
  ...parseAbi([
    'event Swap(address sender, uint256 inputAmount, address inputToken, uint256 amountOut, address outputToken, int256 slippage, uint32 referralCode)',
    'event SwapMulti(address sender, uint256[] amountsIn, address[] tokensIn, uint256[] amountsOut, address[] tokensOut, uint32 referralCode)',
    'event SwapExactIn(address indexed sender, address to, address tokenIn, address tokenOut, uint256 amountIn, uint256 amountOut)',
    'event SwapExactOut(address indexed sender, address to, address tokenIn, address tokenOut, uint256 amountIn, uint256 amountOut)',
    'event RouterLogicUpdated(address indexed routerLogic, bool added)',
    'event Swapped(address sender, address srcToken, address dstToken, address dstReceiver, uint256 spentAmount, uint256 returnAmount)',
    'event Exchange(address pair, uint256 amountOut, address output)',
    'event Fee(address token, uint256 totalAmount, uint256 totalFee, address[] recipients, uint256[] amounts, bool isBps)',
    'event ClientData(bytes clientData)',
    'event Error(string reason)',
  ]),
  ...adminEventsAbi,
] as const

/** The ABI of each contract type idx decodes, keyed by type (as in the shared file's `contracts[].type`). */
export const contractAbis = {
  erc20: erc20Abi,
  wrapped_native: wrappedNativeAbi,
  uniswap_v2_pair: uniswapV2PairAbi,
  lfj_lb_pair: lfjLbPairAbi,
  uniswap_v3_pool: uniswapV3PoolAbi,
  solidly_pair: solidlyPairAbi,
  uniswap_v3_position_manager: uniswapV3PositionManagerAbi,
  chainlink_aggregator: chainlinkAggregatorAbi,
  dex_aggregator: dexAggregatorAbi,
} as const

/** A contract type idx can decode. */
export type ContractType = keyof typeof contractAbis

/** The contract types idx can decode, in order of importance. */
export const CONTRACT_TYPES = Object.keys(contractAbis) as readonly ContractType[]
