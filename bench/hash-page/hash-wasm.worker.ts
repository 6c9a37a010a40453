import { createKeccak } from 'hash-wasm';

/** hash-wasm's keccak-256, one call per nonce: the library baseline of the hash benchmark. */
self.onmessage = async (event: MessageEvent<{ warmupMs: number; measureMs: number }>) => {
  const { warmupMs, measureMs } = event.data;
  const keccak = await createKeccak(256);
  const preimage = new Uint8Array(84);
  const run = (ms: number) => {
    const end = performance.now() + ms;
    let calls = 0;
    while (performance.now() < end) {
      for (let i = 0; i < 1024; i++) {
        preimage[83] = i; // a different nonce each call
        keccak.init();
        keccak.update(preimage);
        keccak.digest('binary');
      }
      calls += 1024;
    }
    return calls;
  };
  run(warmupMs);
  const started = performance.now();
  const calls = run(measureMs);
  postMessage((calls * 1000) / (performance.now() - started));
};
