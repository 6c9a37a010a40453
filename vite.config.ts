import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The client: sources in client/, built into dist/ at the repo root (the game server serves it). */
export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
  },
});
