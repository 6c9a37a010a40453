/**
 * Contract calls typed by their ABI: `typedContract(address, shareVaultAbi, runner).offerCost(amount)`
 * takes the function's argument types and resolves to its return type, both inferred (abitype) from
 * the `as const` ABIs that scripts/gen-abi.ts writes into shared/contracts.ts. A renamed function,
 * a changed argument or return type fails the type check instead of a player's click.
 */
import type {
  Abi,
  AbiFunction,
  AbiParameter,
  AbiParametersToPrimitiveTypes,
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

/** Overrides of a `nonpayable` write: ETH sent with it would only revert the call. */
type NonpayableOverrides = Omit<Overrides, 'value'> & { value?: never };

/** The typed method of ABI function `F`: a read for `view`/`pure`, a write otherwise. */
export type MethodOf<F extends AbiFunction> = F['stateMutability'] extends 'view' | 'pure'
  ? ReadMethod<
      AbiParametersToPrimitiveTypes<F['inputs'], 'inputs'>,
      Returned<AbiParametersToPrimitiveTypes<F['outputs'], 'outputs'>>
    >
  : WriteMethod<
      AbiParametersToPrimitiveTypes<F['inputs'], 'inputs'>,
      Returned<AbiParametersToPrimitiveTypes<F['outputs'], 'outputs'>>,
      F['stateMutability'] extends 'payable' ? Overrides : NonpayableOverrides
    >;

/** Names of `A` with several functions: ethers refuses them bare ("ambiguous function description"). */
type Overloaded<A extends Abi> = {
  [N in ExtractAbiFunctionNames<A>]: IsUnion<ExtractAbiFunction<A, N>> extends false ? never : N;
}[ExtractAbiFunctionNames<A>];
type IsUnion<T, All = T> = T extends unknown ? ([All] extends [T] ? false : true) : never;

/** The canonical signature ethers takes for one of several same-named functions: `f(address,uint256)`. */
type Signature<F> = F extends AbiFunction ? `${F['name']}(${Joined<F['inputs']>})` : never;
type Joined<P extends readonly AbiParameter[]> = P extends readonly [
  infer Head extends AbiParameter,
  ...infer Rest extends readonly AbiParameter[],
]
  ? Rest extends readonly []
    ? Canonical<Head>
    : `${Canonical<Head>},${Joined<Rest>}`
  : '';
type Canonical<P extends AbiParameter> = P extends {
  type: `tuple${infer Suffix}`;
  components: infer Components extends readonly AbiParameter[];
}
  ? `(${Joined<Components>})${Suffix}`
  : P['type'];
type OverloadSignature<A extends Abi> = Signature<ExtractAbiFunction<A, Overloaded<A>>>;
type BySignature<A extends Abi, S extends string> = A[number] extends infer F
  ? F extends AbiFunction
    ? Signature<F> extends S
      ? F
      : never
    : never
  : never;

/**
 * Contract functions named like a member of ethers' BaseContract are shadowed by it at run time
 * (`contract.target` is the contract's address): they are left out of the typed members (and
 * typed-contract.test.ts checks that none of our ABIs has one).
 */
type Shadowed = keyof BaseContract;

/** What `getFunction` takes: a function's name, or its signature where the name is overloaded. */
type FunctionKey<A extends Abi> = Exclude<ExtractAbiFunctionNames<A>, Overloaded<A>> | OverloadSignature<A>;
type MethodAt<A extends Abi, K extends string> =
  K extends ExtractAbiFunctionNames<A> ? MethodOf<ExtractAbiFunction<A, K>> : MethodOf<BySignature<A, K>>;

/**
 * An ethers contract whose functions are typed by `A`: `contract.name(...)`, or
 * `contract['name(address,uint256)'](...)` for an overloaded name (as ethers wants it).
 */
export type TypedContract<A extends Abi> = Omit<BaseContract, 'getFunction'> & {
  readonly [K in Exclude<FunctionKey<A>, Shadowed>]: MethodAt<A, K>;
} & {
  getFunction<K extends FunctionKey<A>>(key: K): MethodAt<A, K>;
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
