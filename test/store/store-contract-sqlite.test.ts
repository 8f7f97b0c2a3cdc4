import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { tempDir } from './factories.js';
import { storeContract } from './store-contract.js';

const dirs = new Map<string, ReturnType<typeof tempDir>>();

storeContract('SqliteFeedbackStore', {
  async create() {
    const tmp = tempDir();
    const path = join(tmp.dir, 'rounds.db');
    dirs.set(path, tmp);
    return path;
  },
  async open(path, opts) {
    return openSqliteStore({ path, ...opts });
  },
  async dispose(path) {
    dirs.get(path)?.cleanup();
    dirs.delete(path);
  },
});
