import { defineConfig } from 'vite';

// The custom element as one small classic script beside the app (`/sampling-playground.js`):
// no React, nothing of the app but the protocol. Built after the app into the same outDir.
export default defineConfig({
  publicDir: false,
  build: {
    target: 'es2022',
    emptyOutDir: false,
    lib: {
      entry: 'src/embed/element.ts',
      formats: ['iife'],
      name: 'SamplingPlaygroundElement',
      fileName: () => 'sampling-playground.js',
    },
  },
});
