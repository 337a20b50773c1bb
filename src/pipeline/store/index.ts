export { openStore, type OpenStoreOptions } from './open-store.js';
export { StoreError } from './store-error.js';
export { maskStoreUrl, parseStoreUrl, type StoreLocation } from './store-url.js';
