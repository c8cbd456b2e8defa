// Starts lane-thread.ts in a worker thread: Node loads TypeScript through tsx.
import { register } from 'tsx/esm/api';

register();
await import('./lane-thread.ts');
