import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';

// Served by the API under /app/ (all-in-one) or by any static server (compose).
export default defineConfig({
  root: __dirname,
  base: '/app/',
  plugins: [react()],
  build: { outDir: path.resolve(__dirname, '../../dist/apps/dashboard'), emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { port: 5173, proxy: { '/api': { target: 'http://127.0.0.1:3000', rewrite: (p) => p.replace(/^\/api/, '') } } },
});
