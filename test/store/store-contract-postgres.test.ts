import { openPgStore } from '../../src/store/pg-store.js';
import { freshDatabase } from '../helpers/postgres.js';
import { storeContract } from './store-contract.js';

const dbs = new Map<string, () => Promise<void>>();

storeContract('PgFeedbackStore', {
  async create() {
    const db = await freshDatabase();
    dbs.set(db.url, db.drop);
    return db.url;
  },
  async open(url, opts) {
    return openPgStore({ url, ...opts, poolSize: 4 });
  },
  async dispose(url) {
    await dbs.get(url)?.();
    dbs.delete(url);
  },
});
