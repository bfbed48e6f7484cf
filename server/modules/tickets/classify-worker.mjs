// Worker threads do not inherit the TypeScript loader: register it here, then run the TypeScript entry.
import { register } from 'tsx/esm/api';

register();
await import('./classify-worker.ts');
