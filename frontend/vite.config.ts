/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Django serves the build: index.html at `/`, the hashed assets under /static/dashboard/.
// In development (`npm run dev`) Vite serves the page at `/` and passes the API through to Django.
const django = process.env.DJANGO_URL ?? 'http://127.0.0.1:8000';

export default defineConfig(({ command }) => ({
  base: command === 'build' ? '/static/dashboard/' : '/',
  plugins: [react()],
  resolve: { alias: { '@': new URL('./src', import.meta.url).pathname } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: django, changeOrigin: false },
      '/admin': { target: django, changeOrigin: false },
      '/static': { target: django, changeOrigin: false },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/testing/setup.ts'],
    css: false,
    globals: true,
  },
}));
