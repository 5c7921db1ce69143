import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// WGSL files are imported as text (`?raw`) so the engine composes them at run time in the
// browser and in Node (Vitest) alike. The manifest tells scripts/bundle-size.mjs which chunks
// each layout loads.
export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 1500, manifest: true },
  server: { port: 5173 },
  preview: { port: 4173, strictPort: true },
});
