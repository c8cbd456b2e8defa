// The whole site is prerendered to static files: no server, works offline.
export const prerender = true;
export const ssr = true;
