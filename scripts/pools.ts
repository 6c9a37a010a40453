import { type ContractTransactionResponse, MaxUint256, type Signer, type TransactionReceipt } from 'ethers';
import { shareVaultAbi, uniswapV2FactoryAbi, uniswapV2Router02Abi } from '../shared/contracts.ts';
import { type Address, addressSchema, type Deployment } from '../shared/deployment.ts';
import { typedContract } from '../shared/typed-contract.ts';

/**
 * Adds `amount` of the signer's `token` (a vault's shares, or ORE) and `weiAmount` ETH to the
 * token/WETH pool on the deployed Uniswap V2 router (opening it when there is none); returns the
 * pair and the addLiquidityETH receipt.
 */
export async function seedPool(
  signer: Signer,
  deployment: Deployment,
  token: string,
  amount: bigint,
  weiAmount: bigint,
): Promise<{ pair: Address; receipt: TransactionReceipt }> {
  const router = typedContract(deployment.addresses.UniswapV2Router02, uniswapV2Router02Abi, signer);
  // any ERC-20's approve: the vault's ABI has it as OpenZeppelin's
  const erc20 = typedContract(token, shareVaultAbi, signer);
  const owner = await signer.getAddress();
  await mined(erc20.approve(deployment.addresses.UniswapV2Router02, amount));
  // No deadline: the caller waits for the receipt right away.
  const receipt = await mined(
    router.addLiquidityETH(token, amount, amount, weiAmount, owner, MaxUint256, { value: weiAmount }),
  );
  const factory = typedContract(deployment.addresses.UniswapV2Factory, uniswapV2FactoryAbi, signer);
  const pair = addressSchema.parse(await factory.getPair(token, deployment.addresses.WETH9));
  return { pair, receipt };
}

/** Waits for a sent transaction; a reverted or dropped one is an error. */
export async function mined(pending: Promise<ContractTransactionResponse>): Promise<TransactionReceipt> {
  const receipt = await (await pending).wait();
  if (receipt?.status !== 1) throw new Error('transaction failed');
  return receipt;
}
