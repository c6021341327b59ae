import adapter from '@sveltejs/adapter-static';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

export default defineConfig({
  root,
  plugins: [
    sveltekit({
      adapter: adapter({
        pages: `${root}/build`,
        assets: `${root}/build`,
        fallback: 'index.html',
        strict: true,
      }),
      serviceWorker: { register: false },
    }),
  ],
  server: {
    proxy: { '/api': process.env.API_ORIGIN ?? 'http://127.0.0.1:8787' },
    watch: { ignored: ['**/build/**'] },
  },
});
