// Worker threads do not inherit the test runner's TypeScript loader: register tsx here, then run the rater.
import { register } from 'tsx/esm/api';

register();
await import('./rater.ts');
