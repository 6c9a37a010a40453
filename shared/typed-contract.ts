/**
 * Contract calls typed by their ABI: `typedContract(address, shareVaultAbi, runner).offerCost(amount)`
 * takes the function's argument types and resolves to its return type, both inferred (abitype) from
 * the `as const` ABIs that scripts/gen-abi.ts writes into shared/contracts.ts. A renamed function,
 * a changed argument or return type fails the type check instead of a player's click.
 */
import type {
  Abi,
  AbiParametersToPrimitiveTypes,
  AbiStateMutability,
  ExtractAbiFunction,
  ExtractAbiFunctionNames,
} from 'abitype';
import {
  type BaseContract,
  Contract,
  type ContractRunner,
  type ContractTransaction,
  type ContractTransactionResponse,
  type InterfaceAbi,
  type Overrides,
} from 'ethers';

declare module 'abitype' {
  interface Register {
    /** ethers v6 decodes every integer, `uint8` enums included, as a bigint. */
    intType: bigint;
    /** ethers takes and returns addresses as (checksummed) strings. */
    addressType: string;
  }
}

type Fn<A extends Abi, N extends string> = ExtractAbiFunction<A, N>;
type Args<A extends Abi, N extends string> = AbiParametersToPrimitiveTypes<Fn<A, N>['inputs'], 'inputs'>;
type Outputs<A extends Abi, N extends string> = AbiParametersToPrimitiveTypes<Fn<A, N>['outputs'], 'outputs'>;
/** ethers resolves a single output to the value itself, none to nothing, several to a Result tuple. */
type Returned<T extends readonly unknown[]> = T extends readonly []
  ? undefined
  : T extends readonly [infer Only]
    ? Only
    : T;

/** A `view` or `pure` function: calling it reads. */
export interface ReadMethod<In extends readonly unknown[], Out> {
  (...args: In): Promise<Out>;
  staticCall(...args: In): Promise<Out>;
}

/**
 * A state-changing function: calling it sends; `staticCall` simulates, `estimateGas` prices. The
 * last argument may be ethers' overrides (`gasLimit`, `blockTag`…; `value` only for a payable one).
 */
export interface WriteMethod<In extends readonly unknown[], Out, O = Overrides> {
  (...args: In): Promise<ContractTransactionResponse>;
  (...args: [...In, O]): Promise<ContractTransactionResponse>;
  staticCall(...args: In): Promise<Out>;
  staticCall(...args: [...In, O]): Promise<Out>;
  estimateGas(...args: In): Promise<bigint>;
  estimateGas(...args: [...In, O]): Promise<bigint>;
  populateTransaction(...args: In): Promise<ContractTransaction>;
  populateTransaction(...args: [...In, O]): Promise<ContractTransaction>;
}

type Names<A extends Abi, M extends AbiStateMutability> = ExtractAbiFunctionNames<A, M>;

/** Overrides of a `nonpayable` write: ETH sent with it would only revert the call. */
type NonpayableOverrides = Omit<Overrides, 'value'> & { value?: never };

/** The typed method of function `N` of `A`: a read for `view`/`pure`, a write otherwise. */
export type Method<A extends Abi, N extends ExtractAbiFunctionNames<A>> =
  N extends Names<A, 'view' | 'pure'>
    ? ReadMethod<Args<A, N>, Returned<Outputs<A, N>>>
    : N extends Names<A, 'payable'>
      ? WriteMethod<Args<A, N>, Returned<Outputs<A, N>>>
      : WriteMethod<Args<A, N>, Returned<Outputs<A, N>>, NonpayableOverrides>;

/**
 * Contract functions named like a member of ethers' BaseContract (OreMiner's `target`) are shadowed
 * by it at run time (`contract.target` is the contract's address): those are reached through the
 * typed `getFunction(name)` only.
 */
type Shadowed = keyof BaseContract;

/** An ethers contract whose functions are typed by `A`. */
export type TypedContract<A extends Abi> = Omit<BaseContract, 'getFunction'> & {
  readonly [N in Exclude<ExtractAbiFunctionNames<A>, Shadowed>]: Method<A, N>;
} & {
  getFunction<N extends ExtractAbiFunctionNames<A>>(name: N): Method<A, N>;
};

/** The contract at `address` with `abi`, reading through (or signing with) `runner`. */
export function typedContract<const A extends Abi>(
  address: string,
  abi: A,
  runner?: ContractRunner | null,
): TypedContract<A> {
  // The one cast: ethers builds exactly these methods from the same ABI at run time.
  return new Contract(address, abi as unknown as InterfaceAbi, runner) as unknown as TypedContract<A>;
}
