// svelte-check's configuration for this fixture (without it, it reads the root's vite.config).
export default {};
